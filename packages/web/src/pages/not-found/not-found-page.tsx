import { Link } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useTitle } from '../use-title.js';

export function NotFoundPage() {
  useTitle('Not found');
  return (
    <div className="narrow">
      <h1>There is no page here</h1>
      <p className="muted">The address may be mistyped, or what it pointed at was deleted.</p>
      <p><Link to={paths.agentTypes()}>Go to Self-hosted agents</Link></p>
    </div>
  );
}
