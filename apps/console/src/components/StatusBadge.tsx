import type { DeliveryStatus, WebhookView } from '../api/types';
import { webhookStatus } from '../format';

export function WebhookStatusBadge({
  webhook,
}: {
  webhook: Pick<WebhookView, 'enabled' | 'disabledReason'>;
}) {
  const status = webhookStatus(webhook);
  return (
    <span className="status-cell">
      <span className={`badge badge-${status}`}>{status}</span>
      {status === 'auto-disabled' && <span className="reason">{webhook.disabledReason}</span>}
    </span>
  );
}

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}
