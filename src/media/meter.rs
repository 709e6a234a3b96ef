//! Audio level meters: a MediaStream's audio through the `level-meter` AudioWorklet
//! (public/worklets/level-meter.js), reporting RMS about every 50 ms. The graph is
//! source -> meter -> silent gain -> destination (a node nobody pulls may not be processed).

use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AudioContext, AudioWorkletNode, GainNode, MediaStream, MediaStreamAudioSourceNode, MessageEvent};

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

    pub async fn meter(&self, stream: &MediaStream, on_level: impl Fn(f32) + 'static) -> Result<Meter, JsValue> {
        self.load(WORKLET_URL).await?;
        let source = self.context.create_media_stream_source(stream)?;
        let node = AudioWorkletNode::new(&self.context, "level-meter")?;
        let silent = self.context.create_gain()?;
        silent.gain().set_value(0.0);
        source.connect_with_audio_node(&node)?;
        node.connect_with_audio_node(&silent)?;
        silent.connect_with_audio_node(&self.context.destination())?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let rms = Reflect::get(&event.data(), &"rms".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
            on_level(rms as f32);
        });
        node.port()?.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(Meter { source, node, silent, _on_message: on_message })
    }
}

/// A running meter; dropping it takes it out of the graph.
pub struct Meter {
    source: MediaStreamAudioSourceNode,
    node: AudioWorkletNode,
    silent: GainNode,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for Meter {
    fn drop(&mut self) {
        if let Ok(port) = self.node.port() {
            port.set_onmessage(None);
        }
        let _ = self.source.disconnect();
        let _ = self.node.disconnect();
        let _ = self.silent.disconnect();
    }
}
