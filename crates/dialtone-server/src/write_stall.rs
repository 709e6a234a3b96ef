//! A client that stops reading: a response it asked for (the app's wasm, a recording) waits on a
//! full socket buffer, and without a bound its connection, its slot under the connection caps
//! and the open file behind it would be held for as long as the client likes. Every accepted
//! connection's socket is wrapped in a [`StallGuard`]: a write (or flush) that can make no
//! progress for the limit fails with `TimedOut`, and hyper closes the connection.
//!
//! Only a write that is waiting counts: an idle connection (a keep-alive between requests, a
//! WebSocket with nothing to send) is never timed here, and a slow reader that takes bytes now
//! and then starts the limit afresh each time.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

pub struct StallGuard<T> {
    inner: T,
    limit: Duration,
    /// Armed when a write first finds the socket full; disarmed by any progress.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<T> StallGuard<T> {
    pub fn new(inner: T, limit: Duration) -> Self {
        StallGuard { inner, limit, stalled: None }
    }

    /// Passes `result` on, timing how long the socket has been unable to take anything.
    fn timed<R>(&mut self, cx: &mut Context<'_>, result: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        if result.is_ready() {
            self.stalled = None;
            return result;
        }
        let limit = self.limit;
        let timer = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        if timer.as_mut().poll(cx).is_ready() {
            self.stalled = None;
            return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading")));
        }
        Poll::Pending
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for StallGuard<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for StallGuard<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.timed(cx, result)
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.timed(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.inner).poll_flush(cx);
        this.timed(cx, result)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.inner).poll_shutdown(cx);
        this.timed(cx, result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test(start_paused = true)]
    async fn a_write_nobody_reads_fails_after_the_limit_and_one_read_now_and_then_keeps_it_alive() {
        // A pipe with room for 1 KiB: the far end reads only when the test says so.
        let (near, mut far) = tokio::io::duplex(1024);
        let mut guarded = StallGuard::new(near, Duration::from_secs(10));
        let chunk = vec![7u8; 4096];
        // The far end takes 512 bytes every 8 s: each bit of progress restarts the limit.
        let reader = tokio::spawn(async move {
            let mut taken = vec![0u8; 512];
            for _ in 0..5 {
                tokio::time::sleep(Duration::from_secs(8)).await;
                let _ = far.read_exact(&mut taken).await;
            }
            far
        });
        let started = tokio::time::Instant::now();
        let error = guarded.write_all(&chunk).await.expect_err("the reader stops after 5 reads");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        // 1 KiB at once, then 512 bytes at 8, 16, 24, 32 and 40 s: the last progress at 40 s,
        // so the write fails 10 s later, not at the first 10 s without a read.
        assert_eq!(started.elapsed().as_secs(), 50, "{:?}", started.elapsed());
        reader.abort();
    }
}
