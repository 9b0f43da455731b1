import { api } from '../api/client';
import { formatTime } from '../format/format';
import { useLoad } from '../hooks/useLoad';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';

/** What the controller sees at a site through ARM. */
export function SiteInventoryView({ siteId }: { siteId: string }) {
  const inventory = useLoad((signal) => api.siteInventory(siteId, signal), [siteId]);
  if (inventory.error)
    return <ErrorNotice error={inventory.error} what="Reading the inventory" feature="Site inventory" />;
  if (!inventory.data) return <Loading what="the inventory" />;
  const inv = inventory.data;
  return (
    <div className="inventory">
      <p className="small">
        {inv.vms.length} VMs · {inv.vnets.length} virtual networks · {inv.nsgs.length} NSGs ·{' '}
        {inv.publicIps.length} public IPs · {inv.loadBalancers.length} load balancers{' '}
        <span className="muted">(read {formatTime(inv.collectedAt)})</span>
      </p>
      {inv.vms.length > 0 && (
        <div className="table-wrap scroll-y">
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">VM</th>
                <th scope="col">Resource group</th>
                <th scope="col">Size</th>
                <th scope="col">Power</th>
              </tr>
            </thead>
            <tbody>
              {inv.vms.map((vm) => (
                <tr key={vm.id}>
                  <th scope="row">{vm.name}</th>
                  <td>{vm.resourceGroup}</td>
                  <td>{vm.size}</td>
                  <td>{vm.powerState}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
