/** The worker of `holdfast batch` (dist/batch-worker.mjs): builds and writes one region's review per message. */
import { parentPort } from 'node:worker_threads';
import { runRegionJob, type RegionJob } from '../backend/review/batchDeck';

const port = parentPort;
if (!port) throw new Error('batch-worker.mjs runs as a worker thread of holdfast batch');
port.on('message', (job: RegionJob) => {
  void runRegionJob(job).then((r) => port.postMessage(r));
});
