//! Media adapters: getUserMedia with stable error codes, and the call tones.

pub mod autoplay;
pub mod devices;
pub mod meter;
pub mod pcm_stream;
pub mod recorder;
pub mod screen_lock;
pub mod speaker_test;
pub mod tones;
pub mod track_ends;
pub mod user_media;
