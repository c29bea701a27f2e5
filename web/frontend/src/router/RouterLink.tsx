import type { AppProviderProps } from '@shopify/polaris';
import type { ComponentProps, MouseEvent } from 'react';
import { useRouter } from '../hooks/useRouter';
import { withSessionParams } from './routes';

type LinkLikeComponentProps = ComponentProps<NonNullable<AppProviderProps['linkComponent']>>;

function isPlainLeftClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/**
 * Polaris' link component (AppProvider `linkComponent`): in-app URLs navigate through the router, so every
 * Polaris `url` (buttons, links, back actions, table rows) is a client-side navigation.
 */
export function RouterLink({ url, external, children, onClick, ...rest }: LinkLikeComponentProps) {
  const { navigate } = useRouter();
  const inApp = !external && url.startsWith('/');
  const href = inApp ? withSessionParams(url, window.location.search) : url;
  return (
    <a
      {...rest}
      href={href}
      {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
      onClick={(event) => {
        onClick?.(event);
        if (!inApp || event.defaultPrevented || !isPlainLeftClick(event)) return;
        event.preventDefault();
        navigate(url);
      }}
    >
      {children}
    </a>
  );
}
