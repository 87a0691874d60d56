/**
 * AWS documentation pages the catalog is built from. Entries cite these in `docs` and in comments where a page
 * decides behaviour. Every fact in the catalog comes from one of these pages.
 */

const S3_GUIDE = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide';
const S3_API = 'https://docs.aws.amazon.com/AmazonS3/latest/API';
const KMS_GUIDE = 'https://docs.aws.amazon.com/kms/latest/developerguide';

/** The failure-reason table (moved here from `replication-failure-codes.html`). */
export const DOC_FAILURE_CODES = `${S3_GUIDE}/replication-metrics-events.html#replication-failure-codes`;
export const DOC_TROUBLESHOOT = `${S3_GUIDE}/replication-troubleshoot.html`;
export const DOC_PERMISSIONS = `${S3_GUIDE}/setting-repl-config-perm-overview.html`;
export const DOC_KMS = `${S3_GUIDE}/replication-config-for-kms-objects.html`;
export const DOC_BUCKET_KEY = `${S3_GUIDE}/bucket-key.html#bucket-key-replication`;
export const DOC_WHAT_IS_REPLICATED = `${S3_GUIDE}/replication-what-is-isnot-replicated.html`;
export const DOC_BATCH_REPLICATION = `${S3_GUIDE}/s3-batch-replication-batch.html`;
export const DOC_BATCH_POLICIES = `${S3_GUIDE}/s3-batch-replication-policies.html`;
export const DOC_CHANGE_OWNER = `${S3_GUIDE}/replication-change-owner.html`;
export const DOC_OBJECT_OWNERSHIP = `${S3_GUIDE}/about-object-ownership.html`;
export const DOC_OBJECT_LOCK_REPLICATION = `${S3_GUIDE}/object-lock-managing.html#object-lock-managing-replication`;
export const DOC_OBJECT_LOCK_CONFIGURE = `${S3_GUIDE}/object-lock-configure.html`;
/** "If object replication fails after you upload an object, you can't retry replication." */
export const DOC_REPLICATION_STATUS = `${S3_GUIDE}/replication-status.html`;
export const DOC_DELETE_MARKER_REPLICATION = `${S3_GUIDE}/delete-marker-replication.html`;
export const DOC_REPLICATION_METRICS = `${S3_GUIDE}/repl-metrics.html`;
export const DOC_ARCHIVED_OBJECTS = `${S3_GUIDE}/archived-objects.html`;
export const DOC_BATCH_RESTORE = `${S3_GUIDE}/batch-ops-initiate-restore-object.html`;
export const DOC_OUTPOSTS_FAILURE_CODES = `${S3_GUIDE}/outposts-replication-eventbridge.html`;
export const DOC_OUTPOSTS_CAPACITY = `${S3_GUIDE}/S3OutpostsCapacity.html`;
export const DOC_API_ENCRYPTION_CONFIGURATION = `${S3_API}/API_EncryptionConfiguration.html`;
export const DOC_API_METRICS = `${S3_API}/API_Metrics.html`;
export const DOC_KMS_KEY_STATE = `${KMS_GUIDE}/key-state.html`;
export const DOC_KMS_CANCEL_DELETION = `${KMS_GUIDE}/deleting-keys-cancelling-key-deletion.html`;
