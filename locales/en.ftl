# Dialtone's English catalogue: the source of every message id and its arguments.
# build.rs compiles it (and each translation) into plain tables; see src/i18n/mod.rs.
# A message with a numeric argument chooses its form with a plural selector:
#   people-online = { $count -> [one] { $count } person online *[other] { $count } people online }

# The language's own name, shown in the language picker.
language-name = English
# The label of the language picker.
language-label = Language

## Client errors, by stable code (the core's sentence is the fallback for a code not here).

error-signaling-lost = Lost the connection to the Dialtone server. Reconnecting; calls in progress continue.
error-audio-stream-failed = The live audio stream could not reach its sink and stopped trying. The call goes on; retry when the sink is back.
error-base-server = This is a basic signaling server: calls and room chat work, but it cannot keep a message private and shares no names. Hang-up, mute and camera go straight to the other person once a call connects.
error-private-chat-unavailable = This server cannot keep a message private: it shows every message to everyone in the room. Send it to Everyone, or say it in a call.
error-recording-notice-undeliverable = Recording was not started: the other person could not be told first (their app or this server cannot pass the notice on).
error-webrtc-unavailable = This browser cannot make or take calls: it has no WebRTC support. Chat works here; for calls, open this page in a current Firefox, Chrome, Edge or Safari.

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
# $code: the browser's error name, e.g. NotFoundError.
device-switch-failed = Could not switch ({ $code })
devices-apply-hint = Changes apply to a call in progress straight away.
mic-check-start = Check microphone
mic-check-stop = Stop mic check
mic-check-heard = We hear you.
mic-check-say-something = Say something…
# $sentence: why (already in the reader's language), $code: its stable code.
mic-check-failed = { $sentence } ({ $code })
