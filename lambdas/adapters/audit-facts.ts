/**
 * The audit's S3 reads besides the check facts: `ListBuckets` (the account's buckets in one Region) and
 * `GetBucketNotificationConfiguration` (where a bucket's replication events go). Errors become `absent` or `unknown`
 * facts through `aws-errors.ts`; nothing here throws.
 */
import {
  GetBucketNotificationConfigurationCommand,
  type GetBucketNotificationConfigurationCommandOutput,
  ListBucketsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type Fact, ok } from '../checks/facts.js';
import type { AuditFactsSource } from '../core/audit/ports.js';
import type { BucketListingFact, NotificationConfigFact, NotificationTargetFact } from '../core/audit/types.js';
import { type AwsCall, factFromError } from './aws-errors.js';
import type { FactsClients, ReadCounter } from './facts-clients.js';

/** Buckets per `ListBuckets` page (the API's maximum is 10,000; AWS recommends paginated requests). */
export const LIST_BUCKETS_PAGE_SIZE = 1000;
/** Safety bound on pages: 100,000 buckets. */
const MAX_PAGES = 100;

type FilterRules = NonNullable<
  NonNullable<
    NonNullable<GetBucketNotificationConfigurationCommandOutput['QueueConfigurations']>[number]['Filter']
  >['Key']
>['FilterRules'];

function target(arn: string | undefined, events: readonly string[] | undefined, id?: string, rules?: FilterRules) {
  const filterRules = (rules ?? []).map((r) => ({
    ...(r.Name !== undefined ? { Name: r.Name } : {}),
    ...(r.Value !== undefined ? { Value: r.Value } : {}),
  }));
  const fact: NotificationTargetFact = {
    ...(id !== undefined ? { Id: id } : {}),
    Arn: arn ?? '',
    Events: [...(events ?? [])],
    ...(filterRules.length > 0 ? { FilterRules: filterRules } : {}),
  };
  return fact;
}

/** `GetBucketNotificationConfiguration`, flattened. A bucket without notifications has empty lists (not `absent`). */
export async function readNotificationConfiguration(
  client: S3Client,
  bucket: string,
  counter?: ReadCounter,
): Promise<Fact<NotificationConfigFact>> {
  const call: AwsCall = {
    api: 'GetBucketNotificationConfiguration',
    action: 's3:GetBucketNotification',
    resource: bucket,
    notFoundCode: 'NoSuchBucket',
  };
  counter?.count(call.api);
  try {
    const out = await client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    return ok({
      QueueConfigurations: (out.QueueConfigurations ?? []).map((q) =>
        target(q.QueueArn, q.Events, q.Id, q.Filter?.Key?.FilterRules),
      ),
      TopicConfigurations: (out.TopicConfigurations ?? []).map((t) =>
        target(t.TopicArn, t.Events, t.Id, t.Filter?.Key?.FilterRules),
      ),
      LambdaFunctionConfigurations: (out.LambdaFunctionConfigurations ?? []).map((l) =>
        target(l.LambdaFunctionArn, l.Events, l.Id, l.Filter?.Key?.FilterRules),
      ),
      EventBridge: out.EventBridgeConfiguration !== undefined,
    });
  } catch (error) {
    return factFromError(error, call);
  }
}

/**
 * The account's general purpose buckets in `region`: paginated `ListBuckets` with `BucketRegion`, which must be sent
 * to that Region's endpoint (API reference, `ListBuckets` `BucketRegion`).
 */
export async function listBucketsInRegion(
  client: S3Client,
  region: string,
  counter?: ReadCounter,
): Promise<Fact<readonly BucketListingFact[]>> {
  const call: AwsCall = { api: 'ListBuckets', action: 's3:ListAllMyBuckets', resource: `the account (${region})` };
  const buckets: BucketListingFact[] = [];
  let token: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      counter?.count(call.api);
      const out = await client.send(
        new ListBucketsCommand({
          BucketRegion: region,
          MaxBuckets: LIST_BUCKETS_PAGE_SIZE,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const bucket of out.Buckets ?? []) {
        if (bucket.Name === undefined) continue;
        // Older endpoints ignore the filter; keep only the Region asked for when the answer says where a bucket is.
        if (bucket.BucketRegion !== undefined && bucket.BucketRegion !== region) continue;
        buckets.push({ Name: bucket.Name, ...(bucket.BucketRegion ? { BucketRegion: bucket.BucketRegion } : {}) });
      }
      token = out.ContinuationToken;
      if (!token) break;
    }
  } catch (error) {
    return factFromError(error, call);
  }
  return ok(buckets);
}

/** The AWS implementation of {@link AuditFactsSource}, over the facts reader's clients (one per Region). */
export function createAwsAuditFactsSource(clients: FactsClients, counter?: ReadCounter): AuditFactsSource {
  return {
    listBuckets: (region) => listBucketsInRegion(clients.s3(region), region, counter),
    notificationConfiguration: (bucket, region) => readNotificationConfiguration(clients.s3(region), bucket, counter),
  };
}
