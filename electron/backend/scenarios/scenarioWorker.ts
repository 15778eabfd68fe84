/** Worker-thread entry (bundled as dist/scenario-worker.mjs): simulates blocks of Monte Carlo runs for monteCarloRunner.ts. */
import { parentPort } from 'node:worker_threads';
import { serveMonteCarlo } from './mcProtocol';

if (!parentPort) throw new Error('scenarioWorker must run in a worker thread');
serveMonteCarlo(parentPort);
