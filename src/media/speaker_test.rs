//! The speaker test: a short chime through the chosen audio output. The chime is made by an
//! AudioContext (two soft notes) and played by a media element, because an element can be sent
//! to a chosen output (setSinkId) in every browser that can choose outputs at all.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AudioContext, HtmlMediaElement, MediaStream, MediaStreamAudioDestinationNode, OscillatorNode, OscillatorType};

use dialtone_core::errors::OutputFailure;

use super::devices::set_sink;

/// How long the chime lasts, in seconds (the machine allows for it before asking anyway).
const CHIME_SECONDS: f64 = dialtone_core::devices::speaker_test::CHIME_MS as f64 / 1_000.0;

/// A chime playing; dropping it stops the sound and closes its audio context.
pub struct Chime {
    context: AudioContext,
    element: HtmlMediaElement,
    /// What it plays on the element (a later chime may have the element by now).
    stream: MediaStream,
    /// The note that stops last: its `ended` event, on the audio clock, says the chime is over.
    last_note: OscillatorNode,
    on_over: Option<Closure<dyn FnMut()>>,
}

impl Chime {
    /// Calls `over` once the chime has played to its end (never, if it is dropped first).
    pub fn when_over(&mut self, over: impl FnOnce() + 'static) {
        let over: Closure<dyn FnMut()> = Closure::once(over);
        self.last_note.set_onended(Some(over.as_ref().unchecked_ref()));
        self.on_over = Some(over);
    }
}

impl Drop for Chime {
    fn drop(&mut self) {
        self.last_note.set_onended(None);
        // The element is shared with any later chime: only this chime's own sound is stopped.
        if self.element.src_object().is_some_and(|playing| playing == self.stream) {
            let _ = self.element.pause();
            self.element.set_src_object(None);
        }
        let _ = self.context.close();
    }
}

/// Plays the chime through `element`, to `output` ("" = the system default). Resolves once it
/// plays; an output that cannot be chosen is said with its code, and the chime plays anyway on
/// the default (better heard somewhere than not at all). `superseded`: the page no longer wants
/// this chime (a later one was asked for, or none): it then leaves the element alone.
pub async fn play_chime(
    element: &HtmlMediaElement,
    output: &str,
    superseded: impl Fn() -> bool,
) -> Result<(Chime, Option<OutputFailure>), JsValue> {
    let context = AudioContext::new()?;
    let destination = context.create_media_stream_destination()?;
    let start = context.current_time() + 0.05;
    // A rising pair of notes (E5, then A5), each fading out: easy to notice, not harsh. Both
    // stop at the same moment; the second is the one listened to.
    note(&context, &destination, 659.25, start, CHIME_SECONDS)?;
    let last_note = note(&context, &destination, 880.0, start + 0.35, CHIME_SECONDS - 0.35)?;
    let stream = destination.stream();
    let chime = Chime { context, element: element.clone(), stream: stream.clone(), last_note, on_over: None };
    let output_error = match output {
        "" => None,
        id => set_sink(element, id).await.err(),
    };
    if superseded() {
        return Err(JsValue::from_str("superseded"));
    }
    element.set_src_object(Some(&stream));
    // Awaited: a context that cannot run would never reach the chime's end.
    JsFuture::from(chime.context.resume()?).await?;
    JsFuture::from(element.play()?).await?;
    Ok((chime, output_error))
}

/// One note: a sine at `frequency` from `at`, fading out over `length` seconds.
fn note(context: &AudioContext, destination: &MediaStreamAudioDestinationNode, frequency: f32, at: f64, length: f64) -> Result<OscillatorNode, JsValue> {
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
    Ok(oscillator)
}
