//! The live audio stream's audio graph: the call's local and remote sides through the
//! `pcm16-stream` AudioWorklet (public/worklets/pcm16-stream.js), which hands back 16 kHz PCM16
//! in batches of 20 ms frames. Graph: local source -> input 0, remote source -> input 1,
//! converter -> silent gain -> destination (a node nobody pulls may not be processed).

use js_sys::{Int16Array, Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    AudioWorkletNode, AudioWorkletNodeOptions, GainNode, MediaStream, MediaStreamAudioSourceNode,
    MessageEvent,
};

use super::meter::AudioGraph;

const WORKLET_URL: &str = "/public/worklets/pcm16-stream.js";
/// The largest batch the worklet posts: 3 frames of 320 samples on 2 channels.
const MAX_BATCH_SAMPLES: u32 = 3 * 320 * 2;

/// A running converter; dropping it takes it out of the graph.
pub struct PcmStream {
    node: AudioWorkletNode,
    silent: GainNode,
    sources: Vec<MediaStreamAudioSourceNode>,
    context: web_sys::AudioContext,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl AudioGraph {
    /// Starts converting `local` (and `remote`, when there is one yet) into `channels`-channel
    /// PCM16; each batch of interleaved samples goes to `on_samples`.
    pub async fn pcm_stream(
        &self,
        local: Option<&MediaStream>,
        remote: Option<&MediaStream>,
        channels: u16,
        on_samples: impl Fn(Vec<i16>) + 'static,
    ) -> Result<PcmStream, JsValue> {
        self.load(WORKLET_URL).await?;
        let context = self.audio_context();
        let processor_options = Object::new();
        Reflect::set(
            &processor_options,
            &"channels".into(),
            &JsValue::from(channels),
        )?;
        let options = AudioWorkletNodeOptions::new();
        options.set_number_of_inputs(2);
        options.set_processor_options(Some(&processor_options));
        let node = AudioWorkletNode::new_with_options(context, "pcm16-stream", &options)?;
        let silent = context.create_gain()?;
        silent.gain().set_value(0.0);
        node.connect_with_audio_node(&silent)?;
        silent.connect_with_audio_node(&context.destination())?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // Only what the worklet sends: an Int16Array of a bounded size.
            if let Ok(batch) = event.data().dyn_into::<Int16Array>()
                && batch.length() <= MAX_BATCH_SAMPLES
            {
                on_samples(batch.to_vec());
            }
        });
        node.port()?
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let mut stream = PcmStream {
            node,
            silent,
            sources: Vec::new(),
            context: context.clone(),
            _on_message: on_message,
        };
        if let Some(local) = local {
            stream.connect(local, 0)?;
        }
        if let Some(remote) = remote {
            stream.connect(remote, 1)?;
        }
        Ok(stream)
    }
}

impl PcmStream {
    /// Feeds `stream` into input `input` (0: local, 1: remote).
    pub fn connect(&mut self, stream: &MediaStream, input: u32) -> Result<(), JsValue> {
        if stream.get_audio_tracks().length() == 0 {
            return Ok(());
        }
        let source = self.context.create_media_stream_source(stream)?;
        source.connect_with_audio_node_and_output_and_input(&self.node, 0, input)?;
        self.sources.push(source);
        Ok(())
    }
}

impl Drop for PcmStream {
    fn drop(&mut self) {
        if let Ok(port) = self.node.port() {
            port.set_onmessage(None);
            // Disconnecting alone leaves the processor running (its process() returns true);
            // told to stop, it returns false and the browser lets it go.
            let _ = port.post_message(&JsValue::from_str("stop"));
        }
        for source in &self.sources {
            let _ = source.disconnect();
        }
        let _ = self.node.disconnect();
        let _ = self.silent.disconnect();
    }
}
