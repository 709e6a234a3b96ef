//! The speaker test: a short chime through the chosen audio output. The chime is made by an
//! AudioContext (two soft notes) and played by a media element, because an element can be sent
//! to a chosen output (setSinkId) in every browser that can choose outputs at all.

use wasm_bindgen::JsValue;
use web_sys::{AudioContext, HtmlMediaElement, MediaStreamAudioDestinationNode, OscillatorType};

use super::devices::set_sink;

/// How long the chime lasts, in seconds.
pub const CHIME_SECONDS: f64 = 1.6;

/// A chime playing; dropping it stops the sound and closes its audio context.
pub struct Chime {
    context: AudioContext,
    element: HtmlMediaElement,
}

impl Drop for Chime {
    fn drop(&mut self) {
        let _ = self.element.pause();
        self.element.set_src_object(None);
        let _ = self.context.close();
    }
}

/// Plays the chime through `element`, to `output` ("" = the system default). Resolves once it
/// plays; an output that cannot be chosen is said with its code, and the chime plays anyway on
/// the default (better heard somewhere than not at all).
pub async fn play_chime(element: &HtmlMediaElement, output: &str) -> Result<(Chime, Option<&'static str>), JsValue> {
    let context = AudioContext::new()?;
    let destination = context.create_media_stream_destination()?;
    let start = context.current_time() + 0.05;
    // A rising pair of notes (E5, then A5), each fading out: easy to notice, not harsh.
    for (frequency, offset) in [(659.25_f32, 0.0_f64), (880.0, 0.35)] {
        note(&context, &destination, frequency, start + offset, CHIME_SECONDS - offset)?;
    }
    let chime = Chime { context, element: element.clone() };
    let output_error = match output {
        "" => None,
        id => set_sink(element, id).await.err(),
    };
    element.set_src_object(Some(&destination.stream()));
    let _ = chime.context.resume();
    wasm_bindgen_futures::JsFuture::from(element.play()?).await?;
    Ok((chime, output_error))
}

/// One note: a sine at `frequency` from `at`, fading out over `length` seconds.
fn note(context: &AudioContext, destination: &MediaStreamAudioDestinationNode, frequency: f32, at: f64, length: f64) -> Result<(), JsValue> {
    let oscillator = context.create_oscillator()?;
    oscillator.set_type(OscillatorType::Sine);
    oscillator.frequency().set_value(frequency);
    let envelope = context.create_gain()?;
    let gain = envelope.gain();
    gain.set_value_at_time(0.0, at)?;
    gain.linear_ramp_to_value_at_time(0.4, at + 0.02)?;
    gain.exponential_ramp_to_value_at_time(0.001, at + length)?;
    oscillator.connect_with_audio_node(&envelope)?;
    envelope.connect_with_audio_node(destination)?;
    oscillator.start_with_when(at)?;
    oscillator.stop_with_when(at + length)?;
    Ok(())
}
