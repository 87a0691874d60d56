import { MemoryIncidentStore } from '../../../lambdas/adapters/memory-store.js';
import { describeStoreContract } from '../../helpers/store-contract.js';

describeStoreContract('MemoryIncidentStore', (options) => new MemoryIncidentStore(options));
