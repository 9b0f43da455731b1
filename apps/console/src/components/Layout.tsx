import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useSession, useSelf } from '../session/SessionContext';
import { NavBar } from './NavBar';
import { RunBanner } from './RunBanner';

export function Layout() {
  const self = useSelf();
  const { signOut } = useSession();
  const main = useRef<HTMLElement>(null);
  const location = useLocation();
  const shownPath = useRef(location.pathname);

  // After navigating, start reading (and tabbing) at the new page, not at the link just used.
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    main.current?.focus();
  }, [location.pathname]);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Twinsite</span>
        <span className="who">
          Signed in as <strong>{self.name}</strong>{' '}
          <span className={`role role-${self.role}`}>{self.role}</span>
        </span>
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <RunBanner />
      <div className="frame">
        <NavBar />
        <main id="main" ref={main} tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
