import type { CanonicalEvent, EventType, ReplicationData } from '@app/events';
import {
  byFamily,
  formatPercent,
  formatQuantity,
  operationOf,
  shortDigest,
  subjectOf,
  type FamilyHandlers,
} from '../event-view';
import { SERVICE_NAME, type FormattedPayload, type PayloadFormatter, type Ping } from '../formatter';

/**
 * What every chat channel shows, in plain text as the event has it: each channel makes it one line,
 * escapes it for its markup and cuts it to its limits. One reading of the event for all channels,
 * so Slack, Teams and Discord say the same thing.
 */
export interface ChatMessage {
  title: string;
  /** A one-sentence summary, for notifications and fallbacks. */
  text: string;
  /** The event, the repository, tag, short digest, actor and time. */
  facts: Fact[];
  /** What the event's family adds: scan counts, replication results, quota usage, … */
  details: Fact[];
  /** `label` is one of ours, like a fact's. */
  link?: { label: string; url: string };
  tone: Tone;
  timestamp: string;
  footer: string;
}

export interface Fact {
  /** One of ours, written here: plain words the renderers put in their JSON as they are. */
  label: string;
  value: string;
}

export type Tone = 'good' | 'warning' | 'danger' | 'info';

/** Formats a chat channel renders: the message is built once, each channel renders it. */
export abstract class ChatFormatter implements PayloadFormatter {
  format(event: CanonicalEvent): FormattedPayload {
    return this.render(chatMessageOf(event));
  }

  ping(ping: Ping): FormattedPayload {
    return this.render(chatMessageOfPing(ping));
  }

  protected abstract render(message: ChatMessage): FormattedPayload;
}

const LABELS: Readonly<Record<EventType, string>> = {
  TAG_PUSH: 'Tag pushed',
  TAG_PULL: 'Tag pulled',
  TAG_DELETE: 'Tag deleted',
  MANIFEST_PUSH: 'Manifest pushed',
  MANIFEST_PULL: 'Manifest pulled',
  MANIFEST_DELETE: 'Manifest deleted',
  PROMOTION: 'Image promoted',
  CHART_PUSH: 'Chart pushed',
  CHART_PULL: 'Chart pulled',
  CHART_DELETE: 'Chart deleted',
  SCAN_COMPLETED: 'Scan completed',
  SCAN_FAILED: 'Scan failed',
  PUSH_MIRRORING: 'Image mirrored to a remote registry',
  POLL_MIRRORING: 'Image mirrored from a remote registry',
  REPLICATION_COMPLETED: 'Replication finished',
  QUOTA_EXCEEDED: 'Quota exceeded',
  QUOTA_WARNING: 'Quota warning',
  REPO_CREATED: 'Repository created',
  REPO_UPDATED: 'Repository updated',
  REPO_DELETED: 'Repository deleted',
  SCANNER_UPDATE_COMPLETED: 'Scanner update completed',
};

/** What a family adds to the common facts. */
interface FamilyView {
  details: Fact[];
  /** The few words the one-line text ends with. */
  highlight?: string;
  tone: Tone;
  link?: { label: string; url: string };
}

export function chatMessageOf(event: CanonicalEvent): ChatMessage {
  const label = LABELS[event.type];
  const subject = subjectOf(event);
  const title = subject === undefined ? label : `${label}: ${subject}`;
  const actor = event.actor?.name;
  const view = byFamily(event, FAMILY_VIEWS);
  const target = event.target;
  const by = actor === undefined ? '' : ` by ${actor}`;
  const highlight = view.highlight === undefined ? '' : ` (${view.highlight})`;
  return {
    title,
    text: `${title}${by}${highlight}`,
    facts: new FactList()
      .add('Event', event.type)
      .add(
        target?.repository === undefined ? 'Namespace' : 'Repository',
        target?.repository ?? target?.namespace,
      )
      .add('Tag', target?.tag)
      .add('Digest', target?.digest === undefined ? undefined : shortDigest(target.digest))
      .add('Actor', actor)
      .add('Time', event.occurredAt).facts,
    details: view.details,
    link:
      view.link ??
      (target?.url !== undefined && isWebUrl(target.url) ? { label: 'Open', url: target.url } : undefined),
    tone: view.tone,
    timestamp: event.occurredAt,
    footer: `${event.source} · ${event.id}`,
  };
}

export function chatMessageOfPing(ping: Ping): ChatMessage {
  const title = 'Test notification';
  return {
    title,
    text: `${title} for subscription ${ping.subscription.name} from ${SERVICE_NAME}`,
    facts: new FactList()
      .add('Subscription', ping.subscription.name)
      .add('Subscription id', ping.subscription.id)
      .add('Time', ping.occurredAt).facts,
    details: [],
    tone: 'info',
    timestamp: ping.occurredAt,
    footer: `${SERVICE_NAME} · ${ping.id}`,
  };
}

const FAMILY_VIEWS: FamilyHandlers<FamilyView> = {
  artifact: (event) => {
    const { os, architecture, promotion } = event.data;
    const platform = os && architecture ? `${os}/${architecture}` : os || architecture;
    const source =
      promotion &&
      `${promotion.sourceRepository}${promotion.sourceTag === undefined ? '' : `:${promotion.sourceTag}`}`;
    return {
      details: new FactList()
        .add('Platform', platform)
        .add('Promoted from', source)
        .add('Promotion policy', promotion?.policy).facts,
      tone: operationOf(event.type) === 'delete' ? 'warning' : 'info',
    };
  },
  chart: (event) => ({
    details: new FactList().add('Chart', `${event.data.chart.name} ${event.data.chart.version}`).facts,
    tone: operationOf(event.type) === 'delete' ? 'warning' : 'info',
  }),
  scan: (event) => {
    const { status, severity, summary, scanner, reportUrl, error } = event.data;
    let counts: string | undefined;
    if (summary !== undefined) {
      counts = `Critical ${summary.critical} · High ${summary.high} · Medium ${summary.medium} · Low ${summary.low}`;
      if (summary.negligible !== undefined) counts += ` · Negligible ${summary.negligible}`;
      if (summary.unknown !== undefined) counts += ` · Unknown ${summary.unknown}`;
    }
    const failed = event.type === 'SCAN_FAILED' || status !== 'completed';
    return {
      details: new FactList()
        .add('Status', capitalize(status))
        .add('Severity', severity)
        .add('Vulnerabilities', counts)
        .add('Total', summary && `${summary.total} (${summary.fixable} fixable)`)
        .add('Scanner', scanner.version ? `${scanner.name} ${scanner.version}` : scanner.name)
        .add('Error', error).facts,
      highlight: failed ? error : counts,
      tone:
        failed || (summary && summary.critical + summary.high > 0)
          ? 'danger'
          : summary && summary.medium > 0
            ? 'warning'
            : 'good',
      link:
        reportUrl !== undefined && isWebUrl(reportUrl) ? { label: 'View report', url: reportUrl } : undefined,
    };
  },
  replication: (event) => {
    const { status, succeeded, failed, policy, trigger, source, destination } = event.data;
    const artifacts = `${succeeded.length} succeeded, ${failed.length} failed`;
    return {
      details: new FactList()
        .add('Status', capitalize(status.replace('_', ' ')))
        .add('Artifacts', artifacts)
        .add('Policy', policy.name)
        .add('Trigger', capitalize(trigger.replace('_', ' ')))
        .add('Route', `${source.name} → ${destination.name}`)
        .add('Failed', failed.map(artifactName).join(', ')).facts,
      highlight: artifacts,
      tone: REPLICATION_TONES[status],
    };
  },
  quota: (event) => {
    const { resource, used, hard, percentage, threshold, artifact, message } = event.data;
    const usage = `${resource} ${formatQuantity(resource, used[resource])} / ${formatQuantity(resource, hard[resource])} (${formatPercent(percentage)})`;
    const artifactTags = artifact?.tag === undefined ? [] : [artifact.tag];
    return {
      details: new FactList()
        .add('Usage', usage)
        .add('Threshold', formatPercent(threshold))
        .add(
          'Artifact',
          artifact &&
            artifactName({ repository: artifact.repository, tags: artifactTags, digest: artifact.digest }),
        )
        .add('Message', message).facts,
      highlight: usage,
      tone: event.type === 'QUOTA_EXCEEDED' ? 'danger' : 'warning',
    };
  },
  repository: (event) => {
    const { visibility, description, changed, scanOnPush, immutableTags } = event.data;
    return {
      details: new FactList()
        .add('Visibility', visibility)
        .add('Changed', changed?.join(', '))
        .add('Description', description)
        .add('Scan on push', yesNo(scanOnPush))
        .add('Immutable tags', yesNo(immutableTags)).facts,
      tone: event.type === 'REPO_DELETED' ? 'warning' : 'info',
    };
  },
  system: (event) => {
    const { scannerVersion, dbVersion, success, replicas } = event.data;
    return {
      details: new FactList()
        .add('Scanner version', scannerVersion)
        .add('Vulnerability DB', dbVersion)
        .add('Result', success ? 'Succeeded' : 'Failed')
        .add('Replicas', replicas === undefined ? undefined : String(Object.keys(replicas).length)).facts,
      highlight: success ? undefined : 'failed',
      tone: success ? 'good' : 'danger',
    };
  },
};

const REPLICATION_TONES: Readonly<Record<ReplicationData['status'], Tone>> = {
  succeeded: 'good',
  failed: 'danger',
  partial: 'warning',
  stopped: 'warning',
  in_progress: 'info',
};

/** Facts with a value: `add` skips a missing or empty one. */
class FactList {
  readonly facts: Fact[] = [];

  add(label: string, value: string | undefined): this {
    if (value !== undefined && value !== '') this.facts.push({ label, value });
    return this;
  }
}

function artifactName(artifact: { repository: string; tags: string[]; digest?: string }): string {
  if (artifact.tags.length > 0) return `${artifact.repository}:${artifact.tags.join(',')}`;
  return artifact.digest === undefined
    ? artifact.repository
    : `${artifact.repository}@${shortDigest(artifact.digest)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function yesNo(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : value ? 'Yes' : 'No';
}

/** Only http(s) URLs a chat client accepts as a link target. */
const WEB_URL = /^https?:\/\/[^\s<>"'`|\\^{}]+$/i;
const MAX_URL_LENGTH = 2000;

function isWebUrl(url: string): boolean {
  return url.length <= MAX_URL_LENGTH && WEB_URL.test(url);
}
