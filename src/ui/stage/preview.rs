//! Your own camera preview. In the Focus layout it is small and sits in a corner: drag it (mouse,
//! pen or finger) and it snaps to the nearest corner, or focus it and move it with the arrow
//! keys. Side by side it is a tile like theirs and stays put.

use dialtone_core::stage::{Arrow, Corner};
use leptos::html::{Div, Video};
use leptos::prelude::*;

use super::view::use_stage_view;

/// A drag under way: where the preview started (its top-left inside the media area, px), where
/// the pointer went down (viewport px), and where the preview is now.
#[derive(Clone, Copy)]
struct Drag {
    from_left: f64,
    from_top: f64,
    pointer_x: f64,
    pointer_y: f64,
    left: f64,
    top: f64,
}

/// The preview's box inside its media area and the area's size, in px: (left, top, width,
/// height) and (width, height). The media area is the preview's offset parent.
fn measure(preview: &web_sys::HtmlElement) -> Option<((f64, f64, f64, f64), (f64, f64))> {
    let area = preview.parent_element()?;
    let own = (
        f64::from(preview.offset_left()),
        f64::from(preview.offset_top()),
        f64::from(preview.offset_width()),
        f64::from(preview.offset_height()),
    );
    Some((own, (f64::from(area.client_width()), f64::from(area.client_height()))))
}

#[component]
pub(super) fn OwnPreview(local_ref: NodeRef<Video>) -> impl IntoView {
    let stage = use_stage_view();
    let movable = move || stage.layout.get().preview_is_movable();
    let drag = RwSignal::new(None::<Drag>);
    let moved_to = RwSignal::new(String::new());
    let preview = NodeRef::<Div>::new();
    let measured = move || preview.get_untracked().and_then(|p| measure(&p));

    let on_down = move |event: web_sys::PointerEvent| {
        if !movable() || event.button() != 0 {
            return;
        }
        let Some(((left, top, _, _), _)) = measured() else { return };
        if let Some(element) = preview.get_untracked() {
            let _ = element.set_pointer_capture(event.pointer_id());
        }
        event.prevent_default();
        let (x, y) = (f64::from(event.client_x()), f64::from(event.client_y()));
        drag.set(Some(Drag { from_left: left, from_top: top, pointer_x: x, pointer_y: y, left, top }));
    };
    let on_move = move |event: web_sys::PointerEvent| {
        let (Some(at), Some(((_, _, width, height), (area_w, area_h)))) = (drag.get_untracked(), measured()) else { return };
        // Kept inside the media area, so it can never be dropped out of reach.
        let left = (at.from_left + f64::from(event.client_x()) - at.pointer_x).clamp(0.0, (area_w - width).max(0.0));
        let top = (at.from_top + f64::from(event.client_y()) - at.pointer_y).clamp(0.0, (area_h - height).max(0.0));
        drag.set(Some(Drag { left, top, ..at }));
    };
    let on_up = move |_: web_sys::PointerEvent| {
        let Some(at) = drag.get_untracked() else { return };
        if let Some(((_, _, width, height), (area_w, area_h))) = measured() {
            let from = stage.corner.get_untracked();
            stage.corner.set(Corner::nearest(from, at.left + width / 2.0, at.top + height / 2.0, area_w, area_h));
        }
        drag.set(None);
    };
    let on_key = move |event: web_sys::KeyboardEvent| {
        let Some(arrow) = Arrow::from_key(&event.key()).filter(|_| movable()) else { return };
        event.prevent_default();
        let corner = stage.corner.get_untracked().moved(arrow);
        stage.corner.set(corner);
        moved_to.set(crate::i18n::t::preview_moved(&corner_words(corner)));
    };
    let place = move || {
        drag.get().map(|d| format!("left: {:.0}px; top: {:.0}px; right: auto; bottom: auto; transition: none", d.left, d.top))
    };
    view! {
        <div class="own-preview" data-testid="own-preview" node_ref=preview
            data-corner=move || stage.corner.get().as_str()
            data-dragging=move || drag.with(Option::is_some).to_string()
            class:movable=movable
            role="group" aria-label=crate::i18n::t::preview_label
            aria-describedby=move || movable().then_some("own-preview-hint")
            tabindex=move || if movable() { "0" } else { "-1" }
            style=place
            on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointercancel=on_up
            on:keydown=on_key>
            <video class="local-video" data-testid="local-video" node_ref=local_ref
                autoplay=true playsinline=true prop:muted=true></video>
            <span class="tile-name" aria-hidden="true">{crate::i18n::t::tile_you}</span>
            <span class="sr-only" id="own-preview-hint">
                {move || crate::i18n::t::preview_hint(&corner_words(stage.corner.get()))}
            </span>
            <span class="sr-only" role="status" aria-live="polite">{move || moved_to.get()}</span>
        </div>
    }
}

/// A corner in words, in the reader's language ("top left").
fn corner_words(corner: dialtone_core::stage::Corner) -> String {
    use crate::i18n::t;
    use dialtone_core::stage::Corner;
    match corner {
        Corner::TopLeft => t::corner_top_left(),
        Corner::TopRight => t::corner_top_right(),
        Corner::BottomLeft => t::corner_bottom_left(),
        Corner::BottomRight => t::corner_bottom_right(),
    }
}
