import { CATALOG } from '../../core/catalog/index.js';
import { COMMON_OPTIONS, type Command } from '../command.js';
import { printJson } from '../io.js';

/** `catalog`: every known failure reason with category and severity. */
export const catalogCommand: Command = {
  name: 'catalog',
  maxPositionals: 0,
  summary: 'List every known failure reason with its category and severity',
  usage: 'replication-doctor catalog [--json]',
  options: COMMON_OPTIONS,
  async run({ values, io }) {
    const rows = CATALOG.map((e) => ({
      code: e.code,
      formerSpellings: [...e.formerSpellings],
      category: e.category,
      severity: e.severity,
      title: e.title,
      batchReplicationOnly: e.batchReplicationOnly,
      outpostsOnly: e.outpostsOnly,
    }));
    if (values.json) {
      printJson(io, { reasons: rows });
      return 0;
    }
    const width = Math.max(...rows.map((r) => r.code.length));
    for (const r of rows) {
      const tags = [
        r.formerSpellings.length > 0 ? `formerly ${r.formerSpellings.join(', ')}` : '',
        r.batchReplicationOnly ? 'Batch Replication only' : '',
        r.outpostsOnly ? 'S3 on Outposts' : '',
      ]
        .filter(Boolean)
        .join(', ');
      io.stdout(
        `${r.code.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.category.padEnd(17)}  ${r.title}${tags ? ` [${tags}]` : ''}\n`,
      );
    }
    return 0;
  },
};
