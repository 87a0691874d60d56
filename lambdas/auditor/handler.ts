// Placeholder created by the infra work (issue 7) so `cdk synth` can bundle; replace with the real handler.
export const handler = async () => ({ batchItemFailures: [] });
