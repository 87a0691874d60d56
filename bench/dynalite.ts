/**
 * dynalite (a pure-JS DynamoDB API on an in-memory store) started in this process, for the storm's DynamoDB variant.
 * The server counts the operations it is sent (`X-Amz-Target`), so the benchmark sees the store's real DynamoDB calls
 * without touching the handler's client.
 */
import type { IncomingMessage, Server } from 'node:http';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';

// dynalite ships no types; this is the part of its API used here.
type DynaliteFactory = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

export interface BenchDynamo {
  readonly endpoint: string;
  /** Operations received, by name (`UpdateItem`, `PutItem`, `GetItem`…). */
  readonly operations: Map<string, number>;
  stop(): Promise<void>;
}

/** Starts dynalite on a random local port and creates `tableName` with the CDK table's keys (`pk`, `sk`). */
export async function startDynamo(tableName: string): Promise<BenchDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const operations = new Map<string, number>();
  server.on('request', (request: IncomingMessage) => {
    const target = request.headers['x-amz-target'];
    const name = typeof target === 'string' ? (target.split('.').pop() ?? target) : 'unknown';
    operations.set(name, (operations.get(name) ?? 0) + 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('dynalite did not bind a port');
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  client.destroy();
  operations.clear();
  return {
    endpoint,
    operations,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The handler's client keeps its sockets alive; without this, close waits for them.
        server.closeAllConnections();
      }),
  };
}
