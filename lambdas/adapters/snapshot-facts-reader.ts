import { readFileSync } from 'node:fs';
import {
  type Fact,
  type FactRequest,
  type FactsReader,
  type FactsSnapshot,
  type FactValueOf,
  getFact,
  parseFactsSnapshot,
  unknown,
} from '../checks/facts.js';

/**
 * Replays a saved {@link FactsSnapshot} (the CLI's `--facts`): no AWS calls. A fact the snapshot does not hold reads as
 * `unknown`, so checks never pass on missing data.
 */
export class SnapshotFactsReader implements FactsReader {
  constructor(private readonly snapshot: FactsSnapshot) {}

  /** From the JSON text written by `--save-facts`. Throws `TypeError` on a malformed document. */
  static fromJson(text: string): SnapshotFactsReader {
    return new SnapshotFactsReader(parseFactsSnapshot(JSON.parse(text)));
  }

  /** From a snapshot file. */
  static fromFile(path: string): SnapshotFactsReader {
    return SnapshotFactsReader.fromJson(readFileSync(path, 'utf8'));
  }

  async read<R extends FactRequest>(request: R): Promise<Fact<FactValueOf<R>>> {
    return getFact(this.snapshot, request) ?? unknown('not in the saved facts snapshot');
  }
}
