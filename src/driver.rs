//! The one driver loop for every page: it runs any core [`Machine`] in the browser.
//!
//! Browser callbacks and promises only hand inputs to [`Driver::feed`]. The driver handles one
//! input, then performs every action the machine queued, in order, before it looks at the next
//! input: an input raised while an action is being performed (a callback that fires at once, a
//! result fed from inside `perform`) waits in the inbox until the batch is done, so the machine is
//! never re-entered and no action overtakes one decided before it. Afterwards one timeout is set
//! at the machine's next deadline (none when it has none): there is no polling.
//!
//! Time is `performance.now()`, monotonic; a machine that stamps records with wall-clock time gets
//! it inside an input.

use std::cell::{Cell, Ref, RefCell, RefMut};
use std::collections::VecDeque;
use std::rc::Rc;

use dialtone_core::machine::{Ignored, Machine};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The browser side of one machine: performs its actions.
pub trait Perform<M: Machine>: Sized + 'static {
    /// Performs one action. Results that come later (callbacks, promises) go back through
    /// `driver.feed`; the machine (`driver.machine()`) may be read here, never the performer
    /// through the driver (it is `self`).
    fn perform(&mut self, driver: &Rc<Driver<M, Self>>, action: M::Action);

    /// Called once an input and all its actions are done: mirror what the machine now says into
    /// signals the UI reads.
    fn settled(&mut self, _machine: &M) {}
}

pub struct Driver<M: Machine, P> {
    machine: RefCell<M>,
    performer: RefCell<P>,
    inbox: RefCell<VecDeque<M::Input>>,
    busy: Cell<bool>,
    timer: Cell<Option<i32>>,
    tick: RefCell<Option<Closure<dyn FnMut()>>>,
}

impl<M: Machine + 'static, P: Perform<M>> Driver<M, P> {
    pub fn new(machine: M, performer: P) -> Rc<Self> {
        let driver = Rc::new(Driver {
            machine: RefCell::new(machine),
            performer: RefCell::new(performer),
            inbox: RefCell::new(VecDeque::new()),
            busy: Cell::new(false),
            timer: Cell::new(None),
            tick: RefCell::new(None),
        });
        let weak = Rc::downgrade(&driver);
        *driver.tick.borrow_mut() = Some(Closure::new(move || {
            if let Some(driver) = weak.upgrade() {
                driver.timer.set(None);
                driver.on_timeout();
            }
        }));
        driver
    }

    /// Hands one input to the machine. Returns the machine's verdict when it was handled at
    /// once, `None` when it waits for the batch in progress (it is handled right after).
    pub fn feed(self: &Rc<Self>, input: M::Input) -> Option<Result<(), Ignored>> {
        if self.busy.get() {
            self.inbox.borrow_mut().push_back(input);
            return None;
        }
        let mut verdict = None;
        self.run(|driver| verdict = Some(driver.handle(input)));
        verdict
    }

    /// Reads the machine (between inputs, or from inside `perform`).
    pub fn machine(&self) -> Ref<'_, M> {
        self.machine.borrow()
    }

    /// The performer's state, for a callback or promise that finishes later. `None` while an
    /// action is being performed (the performer is busy; browser callbacks never run then).
    pub fn performer(&self) -> Option<RefMut<'_, P>> {
        self.performer.try_borrow_mut().ok()
    }

    fn on_timeout(self: &Rc<Self>) {
        if self.busy.get() {
            return;
        }
        self.run(|driver| driver.machine.borrow_mut().handle_timeout(now_ms()));
    }

    /// The loop: `first` applies one thing to the machine, then every action it queued is
    /// performed; inputs raised meanwhile are then handled the same way, one batch each.
    fn run(self: &Rc<Self>, first: impl FnOnce(&Self)) {
        self.busy.set(true);
        first(self);
        loop {
            loop {
                // The machine is not borrowed while an action runs, so `perform` may read it.
                let Some(action) = self.machine.borrow_mut().poll_action() else {
                    break;
                };
                self.performer.borrow_mut().perform(self, action);
            }
            self.performer.borrow_mut().settled(&self.machine.borrow());
            let Some(input) = self.inbox.borrow_mut().pop_front() else {
                break;
            };
            let _ = self.handle(input);
        }
        self.busy.set(false);
        self.schedule();
    }

    fn handle(&self, input: M::Input) -> Result<(), Ignored> {
        let verdict = self.machine.borrow_mut().handle(now_ms(), input);
        if let Err(ignored) = &verdict {
            web_sys::console::debug_1(&format!("input ignored: {}", ignored.reason).into());
        }
        verdict
    }

    /// One timeout at the machine's next deadline, replacing the previous one.
    fn schedule(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if let Some(id) = self.timer.take() {
            window.clear_timeout_with_handle(id);
        }
        let Some(deadline) = self.machine.borrow().next_deadline() else {
            return;
        };
        let delay = deadline.saturating_sub(now_ms()).min(i32::MAX as u64) as i32;
        if let Some(tick) = self.tick.borrow().as_ref()
            && let Ok(id) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                delay,
            )
        {
            self.timer.set(Some(id));
        }
    }
}

/// Milliseconds on the page's monotonic clock (`performance.now()`).
pub fn now_ms() -> u64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now().max(0.0) as u64)
        .unwrap_or_else(|| js_sys::Date::now() as u64)
}
