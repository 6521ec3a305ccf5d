import { WebhookFieldsDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';

const defined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;

/**
 * A PATCH body applied to the stored fields: given fields replace stored ones, `target` is merged
 * field by field (null there removes authorization or caCert; a null target stays null and fails
 * validation). The result is plain input that must pass the create rules again.
 */
export function mergePatch(current: WebhookFieldsDto, patch: UpdateWebhookDto): Record<string, unknown> {
  const { target, ...rest } = defined(patch);
  const merged: Record<string, unknown> = { ...current, ...rest };
  if (target !== undefined) {
    merged.target = target === null ? null : { ...current.target, ...defined(target) };
  }
  return merged;
}
