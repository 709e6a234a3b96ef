//! The hub on a bench: no sockets, no runtime, no clock. Time moves only when a test says so;
//! every output is collected where a driver would perform it (frames per connection, closes,
//! cluster ops), with outboxes as big as the hub's limits say.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use dialtone_server::hub::news::ClusterOp;
use dialtone_server::hub::{ConnId, Hub, HubInput, HubLimits, HubOutput, Outgoing, QueueLimits, Rejection, Unsent};
use dialtone_server::metrics::Metrics;
use serde_json::Value;

pub const GRACE: Duration = Duration::from_secs(30);

pub struct Bench {
    pub hub: Hub,
    pub now: Instant,
    next_conn: ConnId,
    /// What each connection's outbox holds (until the test reads it).
    outboxes: HashMap<ConnId, Vec<Outgoing>>,
    /// Frames an outbox may hold before the connection counts as slow.
    outbox_frames: usize,
    pub closed: Vec<(ConnId, Unsent)>,
    pub cluster: Vec<ClusterOp>,
}

/// A connected client as the bench sees it.
#[derive(Debug, Clone)]
pub struct Joined {
    pub conn: ConnId,
    pub id: String,
    pub token: String,
}

impl Bench {
    pub fn new() -> Bench {
        Bench::with_queue(QueueLimits { frames: 256, bytes: 1024 * 1024 })
    }

    pub fn with_queue(queue: QueueLimits) -> Bench {
        let now = Instant::now();
        let limits = HubLimits { queue, ..HubLimits::default() };
        Bench {
            hub: Hub::new(now, limits, GRACE, Metrics::new()),
            now,
            next_conn: 1,
            outboxes: HashMap::new(),
            outbox_frames: queue.frames,
            closed: Vec::new(),
            cluster: Vec::new(),
        }
    }

    /// Feeds one input and performs what comes out, as the driver does (a full outbox is
    /// handed back as `Slow`).
    pub fn input(&mut self, input: HubInput) -> Result<(), Rejection> {
        let handled = self.hub.handle(self.now, input);
        self.perform();
        handled
    }

    fn perform(&mut self) {
        loop {
            let mut slow = Vec::new();
            while let Some(output) = self.hub.poll_output() {
                match output {
                    HubOutput::Deliver { conn, frame } => {
                        let closed = self.closed.iter().any(|(c, _)| *c == conn);
                        let outbox = self.outboxes.entry(conn).or_default();
                        if closed {
                            // A closed outbox keeps the newest frames for the resume.
                            outbox.push(frame);
                            if outbox.len() > self.outbox_frames {
                                outbox.remove(0);
                            }
                        } else if outbox.len() >= self.outbox_frames {
                            slow.push(conn);
                        } else {
                            outbox.push(frame);
                        }
                    }
                    HubOutput::Close { conn, unsent } => self.closed.push((conn, unsent)),
                    HubOutput::Cluster(op) => self.cluster.push(op),
                }
            }
            if slow.is_empty() {
                return;
            }
            for conn in slow {
                let _ = self.hub.handle(self.now, HubInput::Slow { conn });
            }
        }
    }

    pub fn new_conn(&mut self) -> ConnId {
        self.next_conn += 1;
        self.outboxes.insert(self.next_conn, Vec::new());
        self.next_conn
    }

    /// Connects a client (with `resume`, to take an id back) and reads its `client-id`.
    pub fn connect(&mut self, name: &str, room: &str, resume: Option<&str>) -> Joined {
        let conn = self.new_conn();
        let input = HubInput::Connect {
            conn,
            name: Some(name.to_owned()),
            room: Some(room.to_owned()),
            resume: resume.map(str::to_owned),
        };
        self.input(input).expect("a connection is never refused");
        self.welcome(conn)
    }

    /// Reads the `client-id` a connection got first (the rest stays for the test).
    pub fn welcome(&mut self, conn: ConnId) -> Joined {
        let outbox = self.outboxes.entry(conn).or_default();
        assert!(!outbox.is_empty(), "connection {conn} got nothing");
        let first: Value = serde_json::from_str(outbox.remove(0).text.as_str()).expect("json");
        assert_eq!(first["type"], "client-id", "the first frame is client-id: {first}");
        let field = |name: &str| first["payload"][name].as_str().unwrap_or_default().to_owned();
        Joined { conn, id: field("id"), token: field("resume") }
    }

    pub fn send(&mut self, from: &Joined, frame: Value) -> Result<(), Rejection> {
        self.input(HubInput::Frame { conn: from.conn, text: frame.to_string().into() })
    }

    /// Everything queued for a connection since the last read, as JSON.
    pub fn frames(&mut self, conn: ConnId) -> Vec<Value> {
        let frames = std::mem::take(self.outboxes.entry(conn).or_default());
        frames.iter().map(|f| serde_json::from_str(f.text.as_str()).expect("json")).collect()
    }

    /// The connection ended; what its outbox still held goes back to the hub, as the driver does.
    pub fn gone(&mut self, conn: ConnId, goodbye: bool) {
        let unsent = self.outboxes.remove(&conn).unwrap_or_default();
        self.input(HubInput::Gone { conn, goodbye, unsent }).expect("an end is never refused");
    }

    /// Moves time on, firing the hub's timer as often as it is due on the way.
    pub fn advance(&mut self, by: Duration) {
        let target = self.now + by;
        while let Some(deadline) = self.hub.poll_timeout().filter(|d| *d <= target) {
            self.now = deadline.max(self.now);
            self.hub.handle_timeout(self.now);
            self.perform();
        }
        self.now = target;
    }
}

/// `{"type":…,"to":…,"payload":…}`.
pub fn frame(kind: &str, to: &str, payload: Value) -> Value {
    serde_json::json!({ "type": kind, "to": to, "payload": payload })
}

pub fn offer(to: &str, call: &str) -> Value {
    frame("offer", to, serde_json::json!({ "type": "offer", "sdp": "v=0", "callId": call, "media": "audio" }))
}

pub fn answer(to: &str, call: &str) -> Value {
    frame("answer", to, serde_json::json!({ "type": "answer", "sdp": "v=0", "callId": call }))
}

pub fn hang_up(to: &str, call: &str) -> Value {
    frame("call-end", to, serde_json::json!({ "callId": call, "reason": "HUNG_UP" }))
}

pub fn kinds(frames: &[Value]) -> Vec<&str> {
    frames.iter().map(|f| f["type"].as_str().unwrap_or_default()).collect()
}
