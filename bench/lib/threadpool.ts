/**
 * Imported first by bench/run.ts: libuv reads UV_THREADPOOL_SIZE once, when its pool starts (the first fs call), so
 * it must be set before any module does file work. 16 matches intake's copies in flight (COPY_CONCURRENCY), which
 * otherwise queue for libuv's default 4 threads. The app's entry points would set it the same way; an explicit
 * value from the environment wins.
 */
process.env.UV_THREADPOOL_SIZE ??= '16';
