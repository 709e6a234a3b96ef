//! The one HTTP client for MediaSFU (spec §8.2): every request goes through [`send`], with the
//! timeout the page machine gives it (15 s) enforced by an AbortController. It performs a request
//! the core built and reports what it saw; the core's `ApiError::classify` decides what that means. The `Authorization` header is built here at
//! send time from the credentials and never stored or logged. In proxy mode there are none.

use std::cell::Cell;
use std::rc::Rc;

use dialtone_core::mediasfu::api_error::Transport;
use dialtone_core::mediasfu::credentials::Credentials;
use dialtone_core::mediasfu::request::{Method, Request};
use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Answers larger than this are not read (a list of 100 calls is far smaller).
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// Sends `request` to `base_url` and reports the transport outcome.
pub async fn send(
    base_url: &str,
    request: &Request,
    credentials: Option<&Credentials>,
    timeout_ms: i32,
) -> Transport {
    let Ok(abort) = web_sys::AbortController::new() else {
        return Transport::Network;
    };
    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let abort = abort.clone();
        let timed_out = timed_out.clone();
        Closure::once_into_js(move || {
            timed_out.set(true);
            abort.abort();
        })
    };
    let timer = web_sys::window().and_then(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.unchecked_ref(),
            timeout_ms,
        )
        .ok()
    });
    let outcome = perform(base_url, request, credentials, &abort, &timed_out).await;
    if let (Some(id), Some(window)) = (timer, web_sys::window()) {
        window.clear_timeout_with_handle(id);
    }
    outcome
}

async fn perform(
    base_url: &str,
    request: &Request,
    credentials: Option<&Credentials>,
    abort: &web_sys::AbortController,
    timed_out: &Cell<bool>,
) -> Transport {
    let failed = || {
        if timed_out.get() {
            Transport::Timeout
        } else {
            Transport::Network
        }
    };
    let method = match request.method {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
    };
    let signal = abort.signal();
    let mut builder = RequestBuilder::new(&request.url(base_url))
        .method(method)
        .abort_signal(Some(&signal));
    if let Some(c) = credentials {
        builder = builder.header("Authorization", &c.authorization_header());
    }
    // Our own server's proxy (a same-origin path) wants its token, if it has one.
    if base_url.starts_with('/')
        && let Some(token) = crate::settings::take_proxy_token()
    {
        builder = builder.header("x-dialtone-token", &token);
    }
    if let Some(ct) = request.content_type() {
        builder = builder.header("Content-Type", ct);
    }
    let built = match request.body_text() {
        Some(body) => builder.body(body),
        None => builder.build(),
    };
    let Ok(built) = built else {
        return Transport::Network;
    };
    let Ok(response) = built.send().await else {
        return failed();
    };
    let status = response.status();
    let headers = response.headers();
    let retry_after = headers.get("retry-after");
    let too_big = headers
        .get("content-length")
        .and_then(|l| l.parse::<usize>().ok())
        .is_some_and(|l| l > MAX_ANSWER_BYTES);
    if too_big {
        return Transport::Response {
            status,
            body: String::new(),
            retry_after,
        };
    }
    match super::bounded_body::read_text(&response, MAX_ANSWER_BYTES).await {
        Ok(body) => Transport::Response { status, body, retry_after },
        // An oversized answer is dropped whole: the core reads an empty body as a bad response.
        Err(super::bounded_body::BodyError::TooLarge) => Transport::Response { status, body: String::new(), retry_after },
        Err(super::bounded_body::BodyError::Unreadable) => failed(),
    }
}
