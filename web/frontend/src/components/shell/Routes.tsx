import { lazy, Suspense } from 'react';
import { SkeletonPage } from '@shopify/polaris';
import { useRouter } from '../../hooks/useRouter';
import { matchRoute } from '../../router/routes';
import { CustomerDetailPage } from '../../pages/CustomerDetailPage';
import { CustomersPage } from '../../pages/CustomersPage';
import { DashboardPage } from '../../pages/DashboardPage';
import { NotFoundPage } from '../../pages/NotFoundPage';

// The program editor is the least visited page; keep it out of the first download.
const ProgramPage = lazy(() => import('../../pages/ProgramPage'));
const NotificationsPage = lazy(() => import('../../pages/NotificationsPage'));
const CampaignsPage = lazy(() => import('../../pages/CampaignsPage'));
const CampaignPage = lazy(() => import('../../pages/CampaignPage'));
const CampaignRunPage = lazy(() => import('../../pages/CampaignRunPage'));

export function Routes() {
  const { pathname } = useRouter();
  const route = matchRoute(pathname);
  switch (route.name) {
    case 'dashboard':
      return <DashboardPage />;
    case 'customers':
      return <CustomersPage />;
    case 'customer':
      return <CustomerDetailPage key={route.customerId} customerId={route.customerId} />;
    case 'program':
      return (
        <Suspense fallback={<SkeletonPage />}>
          <ProgramPage />
        </Suspense>
      );
    case 'notifications':
      return (
        <Suspense fallback={<SkeletonPage />}>
          <NotificationsPage />
        </Suspense>
      );
    case 'campaigns':
      return (
        <Suspense fallback={<SkeletonPage />}>
          <CampaignsPage />
        </Suspense>
      );
    case 'campaign':
      return (
        <Suspense fallback={<SkeletonPage />}>
          <CampaignPage key={route.campaignId ?? 'new'} campaignId={route.campaignId} />
        </Suspense>
      );
    case 'campaignRun':
      return (
        <Suspense fallback={<SkeletonPage />}>
          <CampaignRunPage key={route.runId} runId={route.runId} />
        </Suspense>
      );
    case 'notFound':
      return <NotFoundPage />;
  }
}
