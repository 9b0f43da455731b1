import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { EventStreamProvider } from './events/EventStreamContext';
import { AlertsPage } from './pages/AlertsPage';
import { ApplicationPage } from './pages/ApplicationPage';
import { AuditPage } from './pages/AuditPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OverviewPage } from './pages/OverviewPage';
import { PlanPage } from './pages/PlanPage';
import { PlansPage } from './pages/PlansPage';
import { RunPage } from './pages/RunPage';
import { SettingsPage } from './pages/SettingsPage';
import { SiteFailoverPage } from './pages/SiteFailoverPage';
import { SitePage } from './pages/SitePage';
import { SitesPage } from './pages/SitesPage';
import { SignInPage } from './pages/SignInPage';
import { useSession } from './session/SessionContext';

/** Signed out, every address shows the sign-in page, and the same address once signed in. */
export function App() {
  const { self, token, restoring, restoreError } = useSession();
  if (restoring) {
    return (
      <main id="main" className="signin">
        <p role="status">
          Connecting to the controller…
          {restoreError && (
            <span className="block muted">Not answering yet ({restoreError}); retrying every 5 s.</span>
          )}
        </p>
      </main>
    );
  }
  if (!self || !token) return <SignInPage />;
  return (
    <EventStreamProvider token={token}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<OverviewPage />} />
          <Route path="applications/:id" element={<ApplicationPage />} />
          <Route path="alerts" element={<AlertsPage />} />
          <Route path="plans" element={<PlansPage />} />
          <Route path="plans/:id" element={<PlanPage />} />
          <Route path="runs/:id" element={<RunPage />} />
          <Route path="sites" element={<SitesPage />} />
          <Route path="sites/:id" element={<SitePage />} />
          <Route path="site-failovers/:id" element={<SiteFailoverPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </EventStreamProvider>
  );
}
