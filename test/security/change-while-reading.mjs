// Preloaded into the CLI by broken-inputs.test.ts: after the first read of the file named by
// STATUSLINT_TEST_VICTIM returns, and before the CLI can issue the next, it truncates that
// file to STATUSLINT_TEST_TRUNCATE bytes or, with STATUSLINT_TEST_DELETE=1, deletes it. The
// change lands between two reads every time: the test needs no timing.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const victim = process.env.STATUSLINT_TEST_VICTIM;
const truncateTo = process.env.STATUSLINT_TEST_TRUNCATE;
const fds = new Set();
let done = false;

// the reader opens files synchronously (src/ingest/read-file.ts)
const openSync = fs.openSync;
fs.openSync = function (path, ...args) {
  const fd = openSync.call(fs, path, ...args);
  if (path === victim) fds.add(fd);
  return fd;
};

const read = fs.read;
fs.read = function (fd, buffer, offset, length, position, cb) {
  return read.call(fs, fd, buffer, offset, length, position, (err, n, buf) => {
    if (!err && n > 0 && !done && fds.has(fd)) {
      done = true;
      if (truncateTo !== undefined) fs.truncateSync(victim, Number(truncateTo));
      else if (process.env.STATUSLINT_TEST_DELETE === '1') fs.unlinkSync(victim);
    }
    cb(err, n, buf);
  });
};

// the reader imports { openSync, read } from 'node:fs': make those bindings these functions
syncBuiltinESMExports();
