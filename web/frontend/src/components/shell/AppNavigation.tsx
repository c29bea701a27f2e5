import { Box, InlineStack, Tabs, Text } from '@shopify/polaris';
import { useI18n } from '../../hooks/useI18n';
import { useRouter } from '../../hooks/useRouter';
import { useShop } from '../../hooks/useShop';
import { matchRoute, paths } from '../../router/routes';

const SECTIONS = [
  { id: 'dashboard', path: paths.dashboard, label: 'nav.dashboard' },
  { id: 'customers', path: paths.customers, label: 'nav.customers' },
  { id: 'program', path: paths.program, label: 'nav.program' },
  { id: 'notifications', path: paths.notifications, label: 'nav.notifications' },
  { id: 'campaigns', path: paths.campaigns, label: 'nav.campaigns' },
] as const;

function sectionOf(pathname: string): number {
  const route = matchRoute(pathname).name;
  if (route === 'customers' || route === 'customer') return 1;
  if (route === 'program') return 2;
  if (route === 'notifications') return 3;
  if (route === 'campaigns' || route === 'campaign' || route === 'campaignRun') return 4;
  return 0;
}

/**
 * Inside Shopify the admin's own sidebar shows the sections (App Bridge's `<ui-nav-menu>`, whose first link is
 * the app's home); standalone (the local emulator) a header with tabs does the same job.
 */
export function AppNavigation({ embedded }: { embedded: boolean }) {
  const { t } = useI18n();
  const { pathname, navigate } = useRouter();
  const shop = useShop();

  if (embedded) {
    return (
      <ui-nav-menu>
        {SECTIONS.map((section) => (
          <a
            key={section.id}
            href={section.path}
            {...(section.id === 'dashboard' ? { rel: 'home' } : {})}
            // App Bridge clicks these links when the merchant picks an item in the admin's sidebar: route in place
            // instead of reloading the iframe.
            onClick={(event) => {
              event.preventDefault();
              navigate(section.path);
            }}
          >
            {t(section.label)}
          </a>
        ))}
      </ui-nav-menu>
    );
  }

  return (
    <Box background="bg-surface" borderBlockEndWidth="025" borderColor="border" paddingInline="400" paddingBlockStart="200">
      <InlineStack align="space-between" blockAlign="center" gap="400">
        <nav aria-label={t('nav.label')}>
          <Tabs
            tabs={SECTIONS.map((section) => ({ id: `nav-${section.id}`, content: t(section.label) }))}
            selected={sectionOf(pathname)}
            onSelect={(index) => {
              const section = SECTIONS[index];
              if (section) navigate(section.path);
            }}
          />
        </nav>
        <Text as="p" variant="bodySm" tone="subdued">
          {t('app.name')} · {shop.name ?? shop.domain}
        </Text>
      </InlineStack>
    </Box>
  );
}
