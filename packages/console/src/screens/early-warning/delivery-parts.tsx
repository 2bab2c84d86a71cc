// A delivery in a list (the deliveries screen, a source's recent deliveries): when it arrived, from whom, what
// became of it and of its documents, its size.
import { Link } from 'react-router';
import { formatTime } from '../../ui/format.ts';
import type { Column } from '../../ui/paged-table.tsx';
import { DeliveryStateBadge, formatBytes, type Delivery } from './parts.tsx';

export function documentsText(delivery: Delivery): string {
  if (!delivery.counts) return delivery.state === 'received' ? 'being checked' : '—';
  const { accepted, duplicate, rejected } = delivery.counts;
  const parts = [`${accepted} accepted`, ...(duplicate ? [`${duplicate} already held`] : []), `${rejected} rejected`];
  return `${delivery.documents ?? accepted + duplicate + rejected}: ${parts.join(', ')}`;
}

export function deliveryColumns(names?: ReadonlyMap<string, string>): Column<Delivery>[] {
  return [
    {
      header: 'Received',
      rowHeader: true,
      cell: (delivery) => <Link to={`/advisory-deliveries/${delivery.id}`}>{formatTime(delivery.receivedAt)}</Link>,
    },
    ...(names
      ? [
          {
            header: 'Source',
            cell: (delivery: Delivery) => <Link to={`/advisory-sources/${delivery.sourceId}`}>{names.get(delivery.sourceId) ?? delivery.sourceId}</Link>,
          },
        ]
      : []),
    { header: 'State', cell: (delivery) => <DeliveryStateBadge state={delivery.state} /> },
    { header: 'Documents', cell: documentsText },
    { header: 'Size', cell: (delivery) => `${formatBytes(delivery.bytes)}, ${delivery.mediaType}` },
  ];
}
