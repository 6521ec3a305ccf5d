/**
 * The API's shapes, taken from the subscriptions app's DTOs and views (type-only: nothing of the
 * server is bundled), so the console and the API cannot drift apart.
 */
export type { CallerView } from '@subscriptions/auth/dto/caller.view';
export type { ErrorBody } from '@subscriptions/common/http-error.filter';
export type {
  AttemptView,
  DeliveryPage,
  DeliverySummaryView,
  DeliveryView,
  LastTriggerView,
  RedeliveryView,
} from '@subscriptions/deliveries/dto/delivery.response';
export type { ListDeliveriesQuery } from '@subscriptions/deliveries/dto/list-deliveries.query';
export type { RecoverDto, RecoveryView } from '@subscriptions/deliveries/dto/recover.dto';
export type { HourStatsView, WebhookStatsView } from '@subscriptions/deliveries/dto/stats.response';
export type { DeliveryStatus } from '@subscriptions/deliveries/delivery.entity';
export type { CatalogueEntryView } from '@subscriptions/event-types/dto/catalogue-entry.view';
export type { PingResultView } from '@subscriptions/ping/dto/ping-result.view';
export type { BulkAction, BulkWebhooksDto } from '@subscriptions/webhooks/dto/bulk-webhooks.dto';
export type { CreateWebhookDto, TargetDto } from '@subscriptions/webhooks/dto/create-webhook.dto';
export type { ListWebhooksQuery } from '@subscriptions/webhooks/dto/list-webhooks.query';
export type { PreviewWebhookDto } from '@subscriptions/webhooks/dto/preview-webhook.dto';
export type { UpdateWebhookDto } from '@subscriptions/webhooks/dto/update-webhook.dto';
export type { WebhookPreviewView } from '@subscriptions/webhooks/dto/webhook-preview.view';
export type {
  BulkResult,
  CreatedWebhookView,
  RotatedSecretView,
  WebhookPage,
  WebhookView,
} from '@subscriptions/webhooks/dto/webhook.response';
export type { EventFamily, EventType, Format, SubscriptionScope, TargetType } from '@app/events';
