//! How the server's modules may depend on each other, read from the source: no two top-level
//! modules name each other (directly or round a longer loop), and the hub is sans-IO — it names
//! none of its drivers and reaches for no clock, task or lock (issue #14).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `hub/relay.rs` and `hub.rs` are both `hub`.
fn top_module(file: &Path) -> String {
    let relative = file.strip_prefix(src()).unwrap_or(file);
    let first = relative.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    first.trim_end_matches(".rs").to_owned()
}

/// The code of a file without its comments (a line's `//` tail is dropped).
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|line| line.split("//").next().unwrap_or_default())
}

/// The top-level modules a file names as `crate::<module>`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for line in code_lines(text) {
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                named.insert(name);
            }
        }
    }
    named
}

fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let module = top_module(&file);
        let named: Vec<String> = named_modules(&text).into_iter().filter(|m| *m != module).collect();
        graph.entry(module).or_default().extend(named);
    }
    graph
}

/// A loop through `graph` that starts and ends at `start`, if there is one.
fn loop_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().cloned().unwrap_or_default();
        for next in graph.get(&last).into_iter().flatten() {
            if next == start {
                let mut found = path.clone();
                found.push(next.clone());
                return Some(found);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_module_depends_on_itself_round_a_loop() {
    let graph = dependencies();
    assert!(graph.get("hub").is_some_and(|deps| !deps.is_empty()), "the scan reads the hub's imports: {graph:?}");
    let loops: Vec<String> = graph.keys().filter_map(|m| loop_through(&graph, m)).map(|l| l.join(" -> ")).collect();
    assert!(loops.is_empty(), "module loops: {loops:#?}");
}

#[test]
fn the_hub_names_none_of_its_drivers_and_no_clock_task_or_lock() {
    let mut files = Vec::new();
    rust_files(&src().join("hub"), &mut files);
    assert!(files.len() > 5, "the hub's files are found");
    let forbidden = [
        "crate::cluster",
        "crate::hub_driver",
        "crate::connection",
        "crate::app",
        "tokio",
        "Instant::now",
        "SystemTime::now",
        "Mutex",
        "mpsc",
        "Notify",
    ];
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (n, line) in code_lines(&text).enumerate() {
            for word in forbidden.iter().filter(|w| line.contains(**w)) {
                found.push(format!("{}:{}: {word}", file.display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "the hub must stay sans-IO: {found:#?}");
}

#[test]
fn the_scan_sees_a_loop_when_there_is_one() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_owned(), BTreeSet::from(["b".to_owned()])),
        ("b".to_owned(), BTreeSet::from(["c".to_owned()])),
        ("c".to_owned(), BTreeSet::from(["a".to_owned()])),
    ]
    .into();
    assert_eq!(loop_through(&graph, "a").map(|l| l.join(" -> ")), Some("a -> b -> c -> a".to_owned()));
    assert_eq!(named_modules("use crate::hub::Hub; // crate::cluster"), BTreeSet::from(["hub".to_owned()]));
}
