//! Performs the widget's access check (`dialtone_core::embed::access_check`): fetches the
//! server's embed list when the machine asks, aborts a request it gave up on, and hands on the
//! decision. When to ask again and when to give up are the machine's.

use std::collections::HashMap;
use std::rc::Rc;

use dialtone_core::embed::access_check::{AccessAction, AccessCheck, AccessInput};
use dialtone_core::errors::ClientError;
use serde_json::Value;
use wasm_bindgen_futures::spawn_local;

use crate::driver::{Driver, Perform};

/// The server's list is a handful of origins; an answer larger than this is not read.
const MAX_ANSWER_BYTES: usize = 256 * 1024;

type Decided = Box<dyn FnOnce(Result<String, ClientError>)>;

struct Performer {
    /// The requests under way, to abort.
    requests: HashMap<u32, web_sys::AbortController>,
    decided: Option<Decided>,
    /// The driver keeps itself alive until the decision (nothing else holds it between requests).
    driver: Option<Rc<Driver<AccessCheck, Performer>>>,
}

impl Perform<AccessCheck> for Performer {
    fn perform(&mut self, driver: &Rc<Driver<AccessCheck, Self>>, action: AccessAction) {
        match action {
            AccessAction::Fetch { attempt } => {
                let Ok(abort) = web_sys::AbortController::new() else {
                    let _ = driver.feed(AccessInput::Answered { attempt, body: None });
                    return;
                };
                let signal = abort.signal();
                self.requests.insert(attempt, abort);
                let weak = Rc::downgrade(driver);
                spawn_local(async move {
                    let body = fetch_config(&signal).await;
                    if let Some(driver) = weak.upgrade() {
                        if let Some(mut performer) = driver.performer() {
                            performer.requests.remove(&attempt);
                        }
                        let _ = driver.feed(AccessInput::Answered { attempt, body });
                    }
                });
            }
            AccessAction::Abort { attempt } => {
                if let Some(abort) = self.requests.remove(&attempt) {
                    abort.abort();
                }
            }
            AccessAction::Decided(decision) => {
                for (_, abort) in self.requests.drain() {
                    abort.abort();
                }
                if let Some(decided) = self.decided.take() {
                    decided(decision);
                }
                self.driver = None;
            }
        }
    }
}

/// `GET /api/embed-config`, parsed; `None` for a failure, a status other than 2xx, an answer too
/// large or not JSON.
async fn fetch_config(signal: &web_sys::AbortSignal) -> Option<Value> {
    let response = gloo_net::http::Request::get("/api/embed-config").abort_signal(Some(signal)).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let text = crate::net::bounded_body::read_text(&response, MAX_ANSWER_BYTES).await.ok()?;
    serde_json::from_str(&text).ok()
}

/// Asks the server which sites may control the widget, and calls `decided` once with the
/// origin to answer or why nobody is answered.
pub fn check(own_origin: String, parent_origin: Option<String>, decided: impl FnOnce(Result<String, ClientError>) + 'static) {
    let seed = (js_sys::Math::random() * u64::MAX as f64) as u64;
    let machine = AccessCheck::new(own_origin, parent_origin, seed);
    let performer = Performer { requests: HashMap::new(), decided: Some(Box::new(decided)), driver: None };
    let driver = Driver::new(machine, performer);
    if let Some(mut performer) = driver.performer() {
        performer.driver = Some(driver.clone());
    }
    let _ = driver.feed(AccessInput::Start);
}
