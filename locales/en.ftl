# Dialtone's English catalogue: the source of every message id and its arguments.
# build.rs compiles it (and each translation) into plain tables; see src/i18n/mod.rs.
# A message with a numeric argument chooses its form with a plural selector:
#   people-online = { $count -> [one] { $count } person online *[other] { $count } people online }

# The language's own name, shown in the language picker.
language-name = English
# The label of the language picker.
language-label = Language

## Client errors, by stable code (the core's sentence is the fallback for a code not here).

error-signaling-lost = Lost the connection to the Dialtone server. Reconnecting.
error-signaling-lost-in-call = Lost the connection to the Dialtone server. Your call goes on; reconnecting.
error-audio-stream-failed = The live audio stream could not reach its sink and stopped trying. The call goes on; retry when the sink is back.
error-base-server = This is a basic signaling server: calls and room chat work, but it cannot keep a message private and shares no names. Hang-up, mute and camera go straight to the other person once a call connects.
error-private-chat-unavailable = This server cannot keep a message private: it shows every message to everyone in the room. Send it to Everyone, or say it in a call.
error-chat-offline = Messages can't be sent while the connection to the Dialtone server is down. What you typed stays here: send it once the connection is back.
error-chat-too-long = This message is longer than one message can carry (2,000 characters). What you typed stays here: shorten it, or send it in parts.
error-chat-recipient-left = The person you chose has left the room, so a private message can't reach them. What you typed stays here: choose who to send it to, or wait for them to come back.
error-screen-capture-failed = This browser could not capture the screen, window or tab you chose. The call goes on; try sharing again.
error-recording-notice-undeliverable = Recording was not started: the other person could not be told first (their app or this server cannot pass the notice on).
error-webrtc-unavailable = This browser cannot make or take calls: it has no WebRTC support. Chat works here; for calls, open this page in a current Firefox, Chrome, Edge or Safari.
error-mic-lost = Your microphone stopped, and no other microphone could be opened. The other person can't hear you: connect one, or choose one in Devices.
error-mic-reopened = Your microphone stopped, so the call opened a microphone again. If the other person can't hear you, choose one in Devices.
error-camera-lost = Your camera stopped, and no other camera could be opened. The other person can't see you: connect one, or choose one in Devices.
error-camera-reopened = Your camera stopped, so the call opened a camera again. If your picture is wrong, choose one in Devices.
error-room-full = This room is full, so you are not in it yet. The page keeps trying and joins when a place frees up.

## Why a call ended, by stable code.

end-mic-permission-denied = Dialtone can't use your microphone: permission was denied. Allow microphone access for this site in your browser and try again.
end-camera-permission-denied = Dialtone can't use your camera: permission was denied. Allow camera access for this site, or make an audio call.
end-screen-permission-denied = Screen sharing was not allowed. Choose a screen, window or tab to share, or allow screen capture for this site.
end-device-not-found = No microphone or camera was found. Plug one in and try again.
end-device-in-use = Your microphone or camera is busy in another application. Close it there and try again.
end-device-timeout = Your microphone or camera did not start in time.
end-insecure-context = Calls need a secure page: open Dialtone over https:// or on localhost.
end-peer-unavailable = They are no longer online.
end-peer-busy = They are on another call.
end-rejected = The call was declined.
end-no-answer = No answer.
end-cancelled = The call was cancelled before it was answered.
end-hung-up = You hung up.
end-remote-hung-up = They hung up.
end-switched = Ended to take another call.
end-connection-failed = The call could not connect: no network path between you was found.
end-connection-lost = The connection was lost.
end-bad-sdp = The other side sent a call description this browser could not use.
end-protocol-error = The other side broke the call protocol.
end-encryption-unsupported = This browser cannot encrypt the call as required.
end-webrtc-unavailable = Their browser cannot take calls: it has no WebRTC support. Send them a chat message, or ask them to open Dialtone in another browser.

## A word or two for a call's end in the call history, by stable code.

ended-mic-permission-denied = Permission denied
ended-camera-permission-denied = Permission denied
ended-screen-permission-denied = Permission denied
ended-device-not-found = No device
ended-device-in-use = Device busy
ended-device-timeout = Device timeout
ended-insecure-context = Insecure page
ended-peer-unavailable = Unavailable
ended-peer-busy = Busy
ended-rejected = Declined
ended-no-answer = No answer
ended-cancelled = Cancelled
ended-hung-up = Ended
ended-remote-hung-up = Ended
ended-switched = Switched
ended-connection-failed = Could not connect
ended-connection-lost = Connection lost
ended-bad-sdp = Failed
ended-protocol-error = Failed
ended-encryption-unsupported = Encryption failed
ended-webrtc-unavailable = Can't take calls

## Devices

devices-title = Devices
device-microphone = Microphone
device-camera = Camera
device-speaker = Speaker
device-system-default = System default
device-switching = Switching…
# $code: a stable code (UNSUPPORTED, DEVICE_NOT_FOUND, NOT_ALLOWED, OUTPUT_FAILED).
device-switch-failed = Could not switch to the speaker you chose ({ $code })
devices-apply-hint = Changes apply to a call in progress straight away.
mic-check-start = Check microphone
mic-check-stop = Stop mic check
mic-check-heard = We hear you.
mic-check-say-something = Say something…
# $sentence: why (already in the reader's language), $code: its stable code.
mic-check-failed = { $sentence } ({ $code })

## Notices and the call's control link

# The close button of a notice (its accessible name).
dismiss = Dismiss
control-link-direct = Direct link
control-link-direct-title = Hang-up, mute and camera go straight to them, even if the server is away
control-link-server = Via server
control-link-server-title = Hang-up, mute and camera go through the signaling server

## Welcome (first visit) and the pre-call check

welcome-title = Welcome to Dialtone
welcome-step-name = Step 1 of 2
welcome-step-check = Step 2 of 2
welcome-name-hint = Choose the name people see when you call them. You can change it later in the top bar.
welcome-name-label = Your name
welcome-continue = Continue
welcome-skip = Skip
welcome-done = Done
precall-title = Check your camera, microphone and speaker
precall-open = Check camera, mic and speaker
precall-start = Check camera and mic
precall-stop = Stop the check
precall-camera-label = Your camera
precall-camera-off = Camera and microphone stay off until you start the check.
precall-camera-starting = Opening your camera…
precall-level-label = Microphone level
speaker-test-play = Play a test sound
speaker-test-playing = Playing…
speaker-test-again = Play it again
speaker-test-question = Did you hear it?
speaker-test-yes = Yes
speaker-test-no = No
speaker-test-heard = Good: calls will play there.
speaker-test-not-heard = Turn the volume up, or choose another speaker, then play it again.
# $code: why the chosen output could not be used, e.g. NOT_ALLOWED.
speaker-test-output-failed = That speaker could not be chosen ({ $code }); the sound played on the default one.
# $code: SPEAKER_TEST_FAILED.
speaker-test-failed = This browser could not play the test sound ({ $code }).
processing-title = Microphone sound
processing-noise-suppression = Noise suppression
processing-echo-cancellation = Echo cancellation
processing-auto-gain = Automatic gain
processing-applying = Applying…
processing-kept-on = This microphone keeps it on.
processing-kept-off = This microphone keeps it off.
processing-failed = Could not change the microphone's sound processing: it may be in use by another application.

## People

people-online-title = People online
# The people counter's accessible name.
people-online-count = { $count ->
        [one] { $count } person online
       *[other] { $count } people online
    }
peer-list-empty-online = No one else is here yet. Open this page in another browser or share its address to get a call going.
peer-list-empty-offline = You are offline. The list comes back as soon as the server is reachable again.
peer-list-empty-room-full = This room is full, so nobody is listed for you yet. You join when a place frees up.
peer-in-a-call = In a call
# The person this page's call is with (ringing out or talking), beside their name.
peer-with-you = With you
# $id: the first characters of a connection id.
peer-short-id = id { $id }
call-audio-person = Audio call { $name }
call-video-person = Video call { $name }

## The incoming call

incoming-video-call = Video call
incoming-audio-call = Audio call
# Follows "Video call" or "Audio call" in the dialog: "Video call · calling you".
incoming-calling-you = { " · " }calling you
# The dialog's accessible name.
incoming-video-from = Incoming video call from { $name }
incoming-audio-from = Incoming audio call from { $name }
decline = Decline
accept = Accept

## The top bar

self-no-id-yet = no id yet
link-connecting = Connecting…
link-online = Online
# $seconds: whole seconds until the next attempt.
link-offline-retrying = Offline · retrying in { NUMBER($seconds) } s
link-room-full-retrying = Room full · retrying in { NUMBER($seconds) } s
# The same, where the header has room for one word (a phone).
link-offline = Offline
link-room-full = Room full
link-reconnecting = Reconnecting…
telephony-link = Telephony
name-change-title = Change your name
name-change-label = Your name: { $name }. Change it
name-field-label = Your name
save = Save
theme-to-light = Switch to light theme
theme-to-dark = Switch to dark theme

## The call's connection: quality indicator, its details panel, reconnecting.

quality-good = good
quality-fair = fair
quality-poor = poor
# The quality indicator's accessible name. $level: quality-good/-fair/-poor; $rtt: e.g. "12 ms".
quality-summary = Connection: { $level }, { $rtt }
quality-summary-no-rtt = Connection: { $level }
level-yours = Your microphone: how loud the other person hears you
level-theirs = How loud { $name } is
quality-measuring = Connection: measuring…
quality-details = Connection details
quality-round-trip = Round trip
quality-loss = Packet loss
quality-jitter = Jitter
quality-sending = Sending
quality-receiving = Receiving
# Graph captions. $top: the value at the graph's top edge, e.g. "100 ms".
quality-graph-round-trip = Round trip, last minute (top { $top })
quality-graph-receiving = Receiving, last minute (top { $top })
quality-close = Close connection details
quality-poor-announcement = Your connection is poor: the call may break up.
# $name: the other person.
reconnecting-to = Reconnecting to { $name }…
reconnecting-detail = The connection dropped. The call picks up by itself as soon as it is back.
call-state-reconnecting = Reconnecting…

## Chat

chat-title = Chat
chat-empty = No messages yet. Say hello to the room.
chat-you = You
# A message you sent privately: "to Bob · private".
chat-to-private = to { $name } · private
chat-private = private
chat-send-to = Send to
chat-everyone = Everyone
# A person chosen as recipient who has left the room (kept in the list, not sent to).
chat-recipient-left = { $name } (left)
chat-placeholder = Write a message
chat-message-label = Message
chat-send = Send
# How long the draft is, against the most one message carries: "2345 / 2000".
chat-length = { NUMBER($count) } / { NUMBER($max) }

## Call history

history-title = Recent calls
history-clear = Clear
# After Clear: how many calls it took, and the button that brings them back.
history-cleared = { $count ->
    [one] Cleared one call.
   *[other] Cleared { $count } calls.
}
history-undo = Undo
history-empty = Calls you make and receive will be listed here.
history-missed = Missed
# A call that never connected because of the other side (their device; they took another call).
history-their-device = Their mic or camera failed
history-they-switched = They took another call
# Someone whose name was never known, by the start of their id.
peer-unnamed = Peer { $id }
history-outgoing = outgoing
history-incoming = incoming
history-video = Video
history-audio = Audio
history-call-again = Call { $name } again
# A call's length read aloud (the screen shows 1:05:03 or 2:05).
duration-spoken = { $hours ->
        [0] {""}
        [one] { $hours } hour{" "}
       *[other] { $hours } hours{" "}
    }{ $minutes ->
        [0] {""}
        [one] { $minutes } minute{" "}
       *[other] { $minutes } minutes{" "}
    }{ $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }

## The live audio stream

# A link asked for the live audio stream; $host: where it would go.
stream-offer = This link asks to stream your calls' audio (your voice and the other person's) to { $host }. Nothing is sent unless you allow it.
stream-offer-allow = Allow
stream-status-idle = Live stream off
stream-status-connecting = Live stream connecting
stream-status-active = Live stream on
stream-status-reconnecting = Live stream reconnecting
stream-status-failed = Live stream failed
stream-attempt = { " " }(attempt { NUMBER($attempt) } of { NUMBER($max) })
# $seconds: the audio lost, already formatted with one decimal ("0.4").
stream-frames-dropped = { $frames ->
        [one] 1 frame dropped ({ $seconds } s of audio)
       *[other] { $frames } frames dropped ({ $seconds } s of audio)
    }
retry = Retry
stream-start = Start stream
stream-stop = Stop stream
stream-settings-title = Live audio stream
stream-sink-url = Sink URL (ws:// or wss://; empty: off)
stream-sink-invalid = Not a ws:// or wss:// address.
stream-channels = Channels
stream-channels-two = Two: you (left), them (right)
stream-channels-one = One: both mixed
stream-settings-hint = Each call's audio goes to this address as 16 kHz PCM (the call id is added to it). Applies from the next call.

## The side panel's tabs

tab-people = People
tab-recent = Recent
tab-chat = Chat
tab-devices = Devices
tabs-label = People, recent calls, chat and devices

## Telephony page (MediaSFU, for operators)

tel-title = Dialtone · Telephony
# The header on a phone: the mark stands for the product name.
tel-title-short = Telephony
tel-back = Back to calls
tel-edit-credentials = Edit credentials
tel-live-calls = Live calls
tel-no-calls = No live calls.
tel-history-label = Telephony history
tel-history = History
tel-history-clear = Clear history
tel-history-filter = Filter by number, room or status
tel-history-empty = No calls yet.
tel-col-direction = Direction
tel-col-from = From
tel-col-to = To
tel-col-status = Status
tel-col-duration = Duration
tel-dialer = Dialer
tel-number = Number (with country code)
tel-keypad = Keypad
tel-caller-id = Caller ID
tel-no-caller-id = No caller ID
# After a caller ID's number and provider: "+4930… · twilio · agent".
tel-agent-capable = { " · " }agent
tel-room = Room (empty: the agent calls first)
# The room field's example: MediaSFU room names start with s or p.
tel-room-example = e.g. s1a2b3c4 (a MediaSFU room)
tel-your-name = Your name
tel-room-time = Room time
tel-minutes = { NUMBER($minutes) } min
tel-call = Call
# Between the two parties of a call, read aloud (the screen shows an arrow).
tel-to = to
tel-talk-time = Talk time
tel-room-short = Room
tel-caller-hears = Caller hears
tel-speaking = Speaking
tel-playing = Playing
tel-playing-prompt = a prompt
tel-playing-music = music
tel-hears-agent = the agent
tel-hears-person = { $name } (a person)
tel-someone-in-room = someone in the room
tel-hears-nobody = nobody (the agent is stopped)
tel-help-requested = The agent asks for a person to take over.
tel-call-controls = Call controls
tel-reject = Reject
tel-end = End call
tel-resume = Resume
tel-hold = Hold
tel-to-human = To human
tel-to-agent = To agent
tel-start-agent = Start agent
tel-stop-agent = Stop agent
tel-play-to-all-on = Play to all: on
tel-play-to-all-off = Play to all: off
tel-hold-options = Hold options
tel-hold-message = Hold message
tel-hold-message-label = Hold message (optional)
tel-pause-recording = { " " }Pause recording on hold
tel-play-to-caller = Play to the caller
tel-play-source = Text to speak or https:// URL
tel-play-source-label = Text to speak, or an https:// URL to play
tel-play = Play
tel-keypad-tones = Keypad tones
tel-call-more = More
tel-settings-label = MediaSFU settings
tel-account = MediaSFU account
tel-how = How Dialtone reaches MediaSFU
tel-mode-long-lived = Direct, long-lived key
tel-mode-disposable = Direct, disposable key
tel-mode-proxy = Server proxy (the key stays on the server)
tel-username = API username
tel-key = API key
# $masked: the saved key with most characters hidden.
tel-key-saved = saved { $masked }; type to replace
tel-key-disposable-hint = tempsand… or tempprod…, 64 characters
tel-key-hint = 64 letters and digits
tel-base-url = Base URL
tel-remember = { " " }Remember on this device
tel-remember-warning = A long-lived key stored in this browser gives full account power to anyone using it. Prefer a disposable key or the server proxy.
tel-test = Test connection
tel-sign-out = Sign out
tel-direction-incoming = Incoming
tel-direction-outgoing = Outgoing
tel-phase-dialing = Dialing
tel-phase-ringing = Ringing
tel-phase-connected = Connected
tel-phase-on-hold = On hold
tel-phase-ended-completed = Ended (Completed)
tel-phase-ended-declined = Ended (Declined)
tel-phase-ended-busy = Ended (Busy)
tel-phase-ended-cancelled = Ended (Cancelled)
tel-phase-ended-failed = Ended (Failed)
tel-phase-not-followed = Not followed (signed out)
tel-estimated = { $duration } (est.)
tel-play-to-all = Play to all
# $control: the button's name ("Hold").
tel-progress-queued = { $control }: queued; MediaSFU takes one request per 5 s.
tel-progress-sent = { $control }: sent, waiting for MediaSFU…
tel-progress-accepted = { $control }: accepted; waiting for the call to show it…
tel-rate-limited-now = MediaSFU was rate-limiting us; you can try again now.
# $seconds: whole seconds until a control may be tried again.
tel-rate-limited-in = MediaSFU is rate-limiting us; you can try again in { NUMBER($seconds) } s.
tel-poller-off = Not signed in: save your MediaSFU settings to see calls.
tel-poller-idle = Waiting for the first update…
# $seconds: how often the list of calls is fetched.
tel-poller-live = Live: updated every { NUMBER($seconds) } s.
# $error: why the last update failed; $code: its stable code.
tel-poller-retrying = { $error } ({ $code }) Trying again.
# $seconds: whole seconds until the next update.
tel-poller-rate-limited = Rate limited, retrying in { NUMBER($seconds) } s
# $time: the last good update (hh:mm:ss, UTC); $error, $code: why the updates fail.
tel-poller-stale = Stale since { $time } UTC: { $error } ({ $code })
# $code: the stable code of what stopped the updates (the alert above says it in full).
tel-poller-stopped = Paused ({ $code }): see the alert at the top.
# $to: the number called; $room: a MediaSFU room name.
tel-placement-creating-room = Creating a room for the agent's call to { $to }…
tel-placement-placing = Placing the call to { $to } (room { $room })…
# $seconds: whole seconds until the call is sent again.
tel-placement-waiting = MediaSFU is rate-limiting us; sending again in { NUMBER($seconds) } s…
tel-placement-finding = Sent, but MediaSFU's answer was unclear; looking for the call in room { $room }…
tel-placement-dialing-long = Still dialing { $to }: outbound calling may not be enabled for this account.
tel-placement-dialing = Dialing { $to }…
tel-placement-ringing = Ringing { $to }…
tel-placement-connected = Connected to { $to }.
tel-placement-on-hold = { $to } is on hold.
# $outcome: one of the tel-outcome-* words.
tel-placement-ended = The call to { $to } ended: { $outcome }.
# $status: MediaSFU's own word for a status Dialtone does not know.
tel-placement-unknown = Call to { $to }: { $status }
# $reason: why, in a sentence.
tel-placement-failed = The call to { $to } was not placed. { $reason }
tel-outcome-completed = Completed
tel-outcome-declined = Declined
tel-outcome-busy = Busy
tel-outcome-cancelled = Cancelled
tel-outcome-failed = Failed
tel-caller-ids-not-signed-in = Save your MediaSFU settings to load caller IDs.
tel-caller-ids-loading = Loading caller IDs…
tel-caller-ids-none-eligible = No SIP configuration of this account allows outgoing calls.
# $code: the stable code of the error; $seconds: whole seconds until the next try.
tel-caller-ids-retrying = Caller IDs not loaded ({ $code }); trying again in { NUMBER($seconds) } s.
tel-caller-ids-see-banner = Caller IDs not loaded ({ $code }): see the alert at the top.
tel-caller-ids-save-to-retry = Caller IDs not loaded ({ $code }); Save to try again.

## The telephony settings line (said from the core's SettingsLine)

tel-signed-out = Signed out: nothing is stored in this browser.
tel-checking = Checking with MediaSFU…
# After Save or Test: how many SIP configurations MediaSFU has for this account, and how many
# of them can place outgoing calls.
tel-settings-connected = Connected: { $configs ->
        [one] { $configs } SIP configuration
       *[other] { $configs } SIP configurations
    }, { NUMBER($usable) } usable for outgoing calls.
# A 401/403 stopped all traffic: the alert at the top of the page says why.
tel-settings-see-banner = Not connected: see the alert at the top.
# $error: why, in MediaSFU's words where there is no better sentence.
tel-settings-not-connected = Not connected. { $error }

## Telephony notices (matched by their English sentence)

tel-username-missing = Enter your MediaSFU API username.
tel-username-invalid = The API username is letters and digits only, at least 6.
tel-key-missing = Enter your MediaSFU API key.
tel-key-invalid = The API key is exactly 64 letters and digits.
tel-key-not-disposable = A disposable key starts with tempsand or tempprod and is 64 letters and digits in all.
tel-base-url-invalid = The base URL must start with https:// (http:// only for localhost) and have no trailing slash.

## Call states (the core's labels, matched by their English)

call-state-starting-both = Starting camera and microphone…
call-state-starting-mic = Starting microphone…
call-state-ringing = Ringing…
call-state-incoming = Incoming call
call-state-connecting = Connecting…
call-state-connected = Connected
call-state-ended = Call ended

## The ended call's summary

summary-hung-up-named = { $name } hung up.
summary-hung-up-they = They hung up.
summary-you-ended = You ended the call.
summary-declined-named = { $name } declined the call.
summary-declined-they = They declined the call.
summary-no-answer-named = { $name } didn't answer.
summary-no-answer-they = They didn't answer.
summary-busy-named = { $name } is on another call.
summary-busy-they = They are on another call.
summary-unavailable-named = { $name } is no longer online.
summary-unavailable-they = They are no longer online.
summary-no-webrtc-named = { $name }'s browser cannot take calls.
summary-no-webrtc-they = Their browser cannot take calls.
summary-their-media-named = { $name }'s microphone or camera could not start, so the call ended.
summary-their-media-they = Their microphone or camera could not start, so the call ended.
summary-switched-named = { $name } ended this call to take another one.
summary-switched-they = They ended this call to take another one.
summary-their-bad-sdp-named = { $name }'s browser could not use this call's description, so the call ended.
summary-their-bad-sdp-they = Their browser could not use this call's description, so the call ended.
summary-their-protocol-named = { $name }'s app could not follow this call's messages, so the call ended.
summary-their-protocol-they = Their app could not follow this call's messages, so the call ended.
# How long a call that connected lasted: "Lasted 2:05" (after the end code, for a failure: "CONNECTION_FAILED · Lasted 2:05").
summary-lasted = Lasted { $duration }
# $megabytes: already formatted with one decimal.
summary-download-recording = Download recording ({ $megabytes } MB)
recording-ready = Your call recording is ready.
recording-discard = Discard
silent-ringing = Your browser keeps this page silent until you click, tap or press a key on it, so an incoming call would ring without sound.
silent-ringing-allow = Turn on sound
summary-call-again = Call again
summary-done = Done

## The call stage

stage-ready = Ready for calls
stage-idle-hint = Pick someone from the list to start an audio or video call. Incoming calls ring here.
stage-offline = No connection to the server
stage-offline-hint = Calls can be made and taken again as soon as the connection is back. This page reconnects by itself.
stage-room-full = This room is full
stage-room-full-hint = Calls can be made and taken once you are in the room. This page keeps trying and joins when a place frees up.
stage-you-muted = You are muted.
stage-both-muted = You are muted. { $name } is muted.
stage-muted-their-mic-lost = You are muted. { $name }'s microphone stopped.
stage-they-muted = { $name } is muted.
stage-their-mic-lost = { $name }'s microphone stopped.
stage-camera-off = { $name }'s camera is off
stage-call-ended = Call ended
stage-video-call = Video call
stage-audio-call = Audio call
stage-recording-both = You and they are recording
stage-recording = Recording
stage-they-record = { $name } is recording this call
stage-muted-hint = You're muted. Turn on the microphone to be heard.
stage-muted-key = Press m to unmute.
stage-hang-up = Hang up
stage-cancel = Cancel
stage-hang-up-title = Hang up (h)
stage-stop-recording = Stop recording
stage-record = Record this call (they are told)
stage-camera-button = Camera off
stage-camera-turn-off = Turn camera off
stage-camera-turn-on = Turn camera on
stage-share-screen = Share screen
stage-stop-sharing = Stop sharing
stage-mute = Mute
stage-unmute = Unmute
# A button's tooltip with its keyboard shortcut: "Mute (m)".
stage-with-key = { $action } ({ $key })
drawer-title = People & chat
drawer-close = Close people & chat
drawer-close-title = Close (Esc)
drawer-call-with = Call with { $name }
drawer-back-to-call = , back to the call
drawer-button-title = People & chat (c)
# Read after the badge's number: "3 new chat messages".
drawer-unread = { $count ->
        [one] { " " }new chat message
       *[other] { " " }new chat messages
    }
stage-fullscreen = Full screen (f)
stage-leave-fullscreen = Leave full screen (f)
stage-pip = Picture in picture (p)
stage-leave-pip = Back from picture in picture (p)

## The call stage, view tools

stage-fullscreen-name = Full screen
stage-pip-name = Picture in picture

## The call stage, own preview, waiting call and view tools

preview-label = Your camera preview
# $corner: one of the corner-* phrases.
preview-moved = Your preview is now at the { $corner }.
preview-hint = At the { $corner }. Drag it or use the arrow keys to move it to another corner.
corner-top-left = top left
corner-top-right = top right
corner-bottom-left = bottom left
corner-bottom-right = bottom right
# After the caller's name: "Bob is calling (video)".
waiting-calling = { " " }is calling ({ $kind ->
        [video] video
       *[audio] audio
    })
waiting-switch = End & accept
view-tools = View
layout-side-by-side = Side by side
layout-side-by-side-title = Side by side (l)
layout-focus-title = Their video large (l)
error-fullscreen-refused = This browser did not let the call go full screen. The call goes on in the window.
error-pip-refused = This browser did not open their video in picture-in-picture. The call goes on here.

## Keyboard shortcuts (the `?` list)

shortcuts-title = Keyboard shortcuts
shortcuts-open = Keyboard shortcuts
shortcuts-open-title = Keyboard shortcuts (?)
shortcuts-link = Keyboard shortcuts (?)
shortcuts-mute = Mute or unmute
shortcuts-camera = Camera off or on
shortcuts-screen = Share your screen, or stop
shortcuts-hang-up = Hang up, cancel or decline
shortcuts-drawer = People & chat, during a call
shortcuts-fullscreen = Full screen on or off
shortcuts-pip = Picture in picture on or off
shortcuts-layout = Layout: their video large, or side by side
shortcuts-help = This list
shortcuts-escape = Close this list or the drawer
shortcuts-note = Single keys work anywhere on the page except while you type in a field.
shortcuts-close = Close
# The name on your own tile when the videos are side by side.
tile-you = You

## Notices the controller and the widget write in English (matched by their sentence)

notice-camera-busy = Could not switch to that camera: it may be in use by another application.
notice-microphone-busy = Could not switch to that microphone: it may be in use by another application.
notice-embed-not-allowed = This site is not allowed to control Dialtone.
notice-embed-config-unavailable = The Dialtone server did not answer, so this site cannot control the call widget yet. Reload the page to try again.
# $detail: the server's own words (English).
server-refused = The server refused a message: { $detail }

## The "More" menu, links to share, and the "Stream call audio" dialog (ui/menu.rs, ui/share.rs, ui/stream_settings.rs).

menu-more = More
menu-share-heading = Share
menu-copy-room-link = Copy link to this room
menu-copy-call-me-link = Copy a link to call me
menu-calls-heading = Incoming calls
menu-notify-ask = Notify me of incoming calls
menu-notify-on = Notifications on: a call you might not hear (a hidden tab, a page kept silent) tells you who is calling
menu-notify-blocked = Notifications are blocked for this site (browser settings)
menu-operators-heading = For operators
menu-stream-audio = Stream call audio…
menu-telephony = Telephony (MediaSFU)
copy-what-room = Link to this room
copy-what-call-me = Link to call you
copy-what-call-person = Link to call { $name }
# $what: one of the copy-what-… messages.
copy-done = { $what } copied
copy-fallback-label = { $what }: copy it from here
copy-fallback-hint = The browser did not allow copying. Select the link and copy it (Ctrl+C, or Copy on a phone).
copy-close = Close
copy-call-link-label = Copy link to call { $name }
copy-call-link-short = Copy link
peer-cannot-take-calls = Can't take calls in this browser
call-link-region = Call from a link
call-link-waiting-lead = Waiting for { $name }.
call-link-waiting-rest = You opened a link to call { $name }. A Call button appears here as soon as they are online in this room.
call-link-cannot-lead = { $name } is here.
call-link-cannot-rest = Their browser can't take calls; send them a chat message instead.
call-link-ready-lead = { $name } is online.
call-link-ready-busy = They are in another call right now; calling them waits for them.
call-link-ready-idle = Call when you are ready.
call-link-call = Call { $name }
call-link-video = Video
stream-dialog-title = Stream call audio
stream-dialog-hint = For operators: sends each call's audio, live, to a WebSocket sink you run (for recording or transcription). Leave the address empty to keep it off.

## A call ringing in a hidden tab

tab-title-calling = 📞 { $name } is calling — Dialtone
tab-title-incoming-video = 📞 Incoming video call — Dialtone
tab-title-incoming-audio = 📞 Incoming audio call — Dialtone
notification-body = Open Dialtone to answer or decline.

## Host mode's page

host-connecting = Connecting
host-microphone = Microphone
host-end-call = End call
host-close-tab = You can close this tab.
host-events = Events

## The call stage, screen sharing

stage-sharing-screen = You are sharing your screen
