//! The state file of a lone node: written owner-only on a graceful stop, read and deleted at
//! the next start. It holds resume tokens, so nobody else may read it, and it is never reused.

use std::path::Path;

use crate::hub::snapshot::{Snapshot, VERSION};

/// A state file larger than this is not read (a corrupt or hostile file cannot exhaust memory).
const MAX_STATE_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads and deletes the state file; nothing when there is none. A bad file is an error that
/// names it (the server then starts without it rather than guess).
pub fn take_state_file(path: &Path) -> std::io::Result<Option<Snapshot>> {
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let invalid = |why: String| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {why}", path.display()));
    if size > MAX_STATE_FILE_BYTES {
        return Err(invalid(format!("{size} bytes is more than a state file can be")));
    }
    let text = std::fs::read_to_string(path)?;
    std::fs::remove_file(path)?;
    let snapshot: Snapshot = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    if snapshot.version != VERSION {
        return Err(invalid(format!("version {} is not {VERSION}", snapshot.version)));
    }
    Ok(Some(snapshot))
}

/// Writes the state file owner-only, through a temporary file so a crash never leaves half of it.
pub fn write_state_file(path: &Path, snapshot: &Snapshot) -> std::io::Result<()> {
    use std::io::Write;
    let json = serde_json::to_vec(snapshot).map_err(std::io::Error::other)?;
    let temporary = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temporary)?;
    file.write_all(&json)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}
