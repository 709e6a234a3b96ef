#!/usr/bin/env bash
# What a room-wide frame costs the signaling hub as a node fills: N peers in rooms of 10, each
# renames itself once (news for its room) and asks for its room's list once; the hub in process,
# release build (crates/dialtone-server/examples/hub_rooms.rs). One JSON line per N; the figures
# should stay flat as N grows (the hub keeps a room index, hub/members.rs).
# Usage: bench/hub_rooms.sh   (PEERS=1000,10000,50000 by default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo run --quiet --release -p dialtone-server --example hub_rooms
