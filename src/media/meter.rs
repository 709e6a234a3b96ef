//! Audio level meters: MediaStreams' audio through the `level-meter` AudioWorklet
//! (public/worklets/level-meter.js), reporting each input's RMS about every 50 ms. The graph is
//! sources -> meter -> silent gain -> destination (a node nobody pulls may not be processed).

use std::cell::RefCell;

use js_sys::{Array, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AudioContext, AudioWorkletNode, AudioWorkletNodeOptions, GainNode, MediaStream, MediaStreamAudioSourceNode, MessageEvent};

const WORKLET_URL: &str = "/public/worklets/level-meter.js";

/// The page's one AudioContext: meters, tones, the live stream and the recorder all use it.
/// It is made when the page is first online (`Action::PrepareCalls`, no gesture needed: it
/// starts suspended), with the meter's worklet module loaded, so a first call does not wait for
/// either; it is resumed when a sound or a meter starts (after the call or accept click).
pub struct AudioGraph {
    context: AudioContext,
    /// Worklet modules already added to the context.
    loaded: std::cell::RefCell<Vec<&'static str>>,
}

impl AudioGraph {
    pub fn new() -> Option<AudioGraph> {
        AudioContext::new().ok().map(|context| AudioGraph { context, loaded: Default::default() })
    }

    pub fn audio_context(&self) -> &AudioContext {
        &self.context
    }

    /// Resumes the context and adds the worklet module at `url` once.
    pub async fn load(&self, url: &'static str) -> Result<(), JsValue> {
        let _ = self.context.resume();
        self.add_module(url).await
    }

    /// Adds the level meter's worklet module ahead of its first use, without resuming anything.
    pub async fn preload_meter(&self) -> Result<(), JsValue> {
        self.add_module(WORKLET_URL).await
    }

    async fn add_module(&self, url: &'static str) -> Result<(), JsValue> {
        if !self.loaded.borrow().contains(&url) {
            JsFuture::from(self.context.audio_worklet()?.add_module(url)?).await?;
            self.loaded.borrow_mut().push(url);
        }
        Ok(())
    }

    /// A meter on one stream (the device check): `on_level` gets its RMS about every 50 ms.
    pub async fn meter(&self, stream: &MediaStream, on_level: impl Fn(f32) + 'static) -> Result<Meter, JsValue> {
        let meter = self.meter_inputs(1, move |levels| on_level(levels.first().copied().unwrap_or(0.0))).await?;
        meter.listen(0, stream)?;
        Ok(meter)
    }

    /// A meter with `inputs` inputs, each fed by [`Meter::listen`] when its stream is there:
    /// `on_levels` gets every input's RMS together about every 50 ms (0 for an input not fed).
    /// A call meters both its sides with one, so the page wakes once per window, not per side.
    pub async fn meter_inputs(&self, inputs: u32, on_levels: impl Fn(&[f32]) + 'static) -> Result<Meter, JsValue> {
        self.load(WORKLET_URL).await?;
        let options = AudioWorkletNodeOptions::new();
        options.set_number_of_inputs(inputs);
        let node = AudioWorkletNode::new_with_options(&self.context, "level-meter", &options)?;
        let silent = self.context.create_gain()?;
        silent.gain().set_value(0.0);
        node.connect_with_audio_node(&silent)?;
        silent.connect_with_audio_node(&self.context.destination())?;
        let mut levels = Vec::with_capacity(inputs as usize);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let rms = Reflect::get(&event.data(), &"rms".into()).ok().and_then(|v| v.dyn_into::<Array>().ok());
            levels.clear();
            if let Some(rms) = rms {
                levels.extend(rms.iter().map(|v| v.as_f64().unwrap_or(0.0) as f32));
            }
            on_levels(&levels);
        });
        node.port()?.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(Meter { context: self.context.clone(), sources: RefCell::new(Vec::new()), node, silent, _on_message: on_message })
    }
}

/// A running meter; dropping it takes it out of the graph.
pub struct Meter {
    context: AudioContext,
    /// What feeds each input, by input.
    sources: RefCell<Vec<Option<MediaStreamAudioSourceNode>>>,
    node: AudioWorkletNode,
    silent: GainNode,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Meter {
    /// Feeds `input` from `stream`'s audio, in place of what fed it before.
    pub fn listen(&self, input: u32, stream: &MediaStream) -> Result<(), JsValue> {
        let source = self.context.create_media_stream_source(stream)?;
        source.connect_with_audio_node_and_output_and_input(&self.node, 0, input)?;
        let mut sources = self.sources.borrow_mut();
        let at = input as usize;
        if sources.len() <= at {
            sources.resize(at + 1, None);
        }
        if let Some(old) = sources[at].replace(source) {
            let _ = old.disconnect();
        }
        Ok(())
    }
}

impl Drop for Meter {
    fn drop(&mut self) {
        if let Ok(port) = self.node.port() {
            port.set_onmessage(None);
            // Disconnecting alone leaves the processor running (its process() returns true).
            let _ = port.post_message(&JsValue::from_str("stop"));
        }
        for source in self.sources.borrow().iter().flatten() {
            let _ = source.disconnect();
        }
        let _ = self.node.disconnect();
        let _ = self.silent.disconnect();
    }
}
