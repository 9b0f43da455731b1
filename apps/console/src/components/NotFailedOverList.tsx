import { Link } from 'react-router';
import type { NotFailedOver } from '../api/types';

interface Props {
  items: readonly NotFailedOver[];
  siteName: string;
  headingLevel?: 2 | 3 | 4;
}

/** Applications a site failover leaves behind, said plainly so that nobody assumes they came back. */
export function NotFailedOverList({ items, siteName, headingLevel = 2 }: Props) {
  if (items.length === 0) return null;
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="not-failed-over" aria-label="Not failed over">
      <Heading>
        Not failed over: {items.length} application{items.length === 1 ? '' : 's'}
      </Heading>
      <p className="muted small">
        These stay at {siteName}. If the site is lost, they are down until it comes back or they are restored
        by other means.
      </p>
      <ul>
        {items.map((item) => (
          <li key={item.applicationId}>
            <Link to={`/applications/${item.applicationId}`}>{item.name}</Link> — {item.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
