// The dashboard: the tiles the person's roles may read (tiles.tsx), the register's figures read once for all
// of its tiles.
import { mayOpen } from '../screens.ts';
import { useWho } from '../session/session.ts';
import { Page } from '../ui/page.tsx';
import { AssetSummaryProvider } from './dashboard/asset-tiles.tsx';
import { rolesOf, SUMMARY_OPERATION, TILES } from './dashboard/tiles.tsx';

export default function Dashboard() {
  const roles = useWho()?.roles ?? [];
  const tiles = TILES.filter((tile) => mayOpen({ roles: rolesOf(tile.operation) }, roles));
  const grid = (
    <div className="tiles">
      {tiles.map(({ key, component: Component }) => (
        <Component key={key} />
      ))}
    </div>
  );
  return <Page title="Dashboard">{mayOpen({ roles: rolesOf(SUMMARY_OPERATION) }, roles) ? <AssetSummaryProvider>{grid}</AssetSummaryProvider> : grid}</Page>;
}
