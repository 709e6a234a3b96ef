# Dialtone en español. Ids and arguments come from en.ftl; see src/i18n/mod.rs.
# Tratamiento: "tú", kept consistent throughout.

language-name = Español
# The label of the language picker.
language-label = Idioma

## Client errors, by stable code.

error-signaling-lost = Se perdió la conexión con el servidor de Dialtone. Reconectando; las llamadas en curso continúan.
error-audio-stream-failed = La transmisión de audio en directo no pudo llegar a su destino y dejó de intentarlo. La llamada sigue; vuelve a intentarlo cuando el destino esté disponible.
error-base-server = Este es un servidor de señalización básico: las llamadas y el chat de la sala funcionan, pero no puede mantener un mensaje en privado ni comparte nombres. Colgar, silenciar y la cámara van directamente a la otra persona en cuanto la llamada se conecta.
error-private-chat-unavailable = Este servidor no puede mantener un mensaje en privado: muestra cada mensaje a todos en la sala. Envíalo a todos o dilo en una llamada.
error-recording-notice-undeliverable = No se inició la grabación: no se pudo avisar antes a la otra persona (su aplicación o este servidor no pueden transmitir el aviso).
error-webrtc-unavailable = Este navegador no puede hacer ni recibir llamadas: no admite WebRTC. El chat funciona; para llamar, abre esta página en una versión actual de Firefox, Chrome, Edge o Safari.

## Why a call ended, by stable code.

end-mic-permission-denied = Dialtone no puede usar tu micrófono: se denegó el permiso. Permite el acceso al micrófono para este sitio en tu navegador y vuelve a intentarlo.
end-camera-permission-denied = Dialtone no puede usar tu cámara: se denegó el permiso. Permite el acceso a la cámara para este sitio o haz una llamada de audio.
end-screen-permission-denied = No se permitió compartir la pantalla. Elige una pantalla, ventana o pestaña para compartir, o permite la captura de pantalla para este sitio.
end-device-not-found = No se encontró ningún micrófono ni cámara. Conecta uno y vuelve a intentarlo.
end-device-in-use = Tu micrófono o tu cámara están ocupados por otra aplicación. Ciérrala y vuelve a intentarlo.
end-device-timeout = Tu micrófono o tu cámara no se iniciaron a tiempo.
end-insecure-context = Las llamadas necesitan una página segura: abre Dialtone con https:// o en localhost.
end-peer-unavailable = Ya no está en línea.
end-peer-busy = Está en otra llamada.
end-rejected = Se rechazó la llamada.
end-no-answer = Sin respuesta.
end-cancelled = La llamada se canceló antes de que la contestaran.
end-hung-up = Colgaste.
end-remote-hung-up = La otra persona colgó.
end-switched = Finalizada para atender otra llamada.
end-connection-failed = No se pudo conectar la llamada: no se encontró ninguna ruta de red entre los dos.
end-connection-lost = Se perdió la conexión.
end-bad-sdp = El otro lado envió una descripción de llamada que este navegador no puede usar.
end-protocol-error = El otro lado no respetó el protocolo de la llamada.
end-encryption-unsupported = Este navegador no puede cifrar la llamada como se requiere.
end-webrtc-unavailable = Su navegador no puede recibir llamadas: no admite WebRTC. Envíale un mensaje por el chat o pídele que abra Dialtone en otro navegador.

## A word or two for a call's end in the call history.

ended-mic-permission-denied = Permiso denegado
ended-camera-permission-denied = Permiso denegado
ended-screen-permission-denied = Permiso denegado
ended-device-not-found = Sin dispositivo
ended-device-in-use = Dispositivo ocupado
ended-device-timeout = Dispositivo lento
ended-insecure-context = Página no segura
ended-peer-unavailable = No disponible
ended-peer-busy = Ocupado
ended-rejected = Rechazada
ended-no-answer = Sin respuesta
ended-cancelled = Cancelada
ended-hung-up = Finalizada
ended-remote-hung-up = Finalizada
ended-switched = Cambiada
ended-connection-failed = No se pudo conectar
ended-connection-lost = Conexión perdida
ended-bad-sdp = Fallida
ended-protocol-error = Fallida
ended-encryption-unsupported = Error de cifrado
ended-webrtc-unavailable = No puede recibir llamadas

## Devices

devices-title = Dispositivos
device-microphone = Micrófono
device-camera = Cámara
device-speaker = Altavoz
device-system-default = Predeterminado del sistema
device-switching = Cambiando…
device-switch-failed = No se pudo cambiar ({ $code })
devices-apply-hint = Los cambios se aplican al instante, también en una llamada en curso.
mic-check-start = Probar el micrófono
mic-check-stop = Detener la prueba
mic-check-heard = Te oímos.
mic-check-say-something = Di algo…
mic-check-failed = { $sentence } ({ $code })

## Notices and the call's control link

dismiss = Cerrar
control-link-direct = Enlace directo
control-link-direct-title = Colgar, silenciar y la cámara llegan directamente a la otra persona, aunque el servidor no esté disponible
control-link-server = A través del servidor
control-link-server-title = Colgar, silenciar y la cámara pasan por el servidor de señalización

## Bienvenida (primera visita) y la prueba antes de llamar

welcome-title = Te damos la bienvenida a Dialtone
welcome-step-name = Paso 1 de 2
welcome-step-check = Paso 2 de 2
welcome-name-hint = Elige el nombre que verán los demás cuando les llames. Puedes cambiarlo luego en la barra superior.
welcome-name-label = Tu nombre
welcome-continue = Continuar
welcome-skip = Omitir
welcome-done = Listo
precall-title = Prueba la cámara, el micrófono y el altavoz
precall-open = Probar cámara, micrófono y altavoz
precall-start = Probar cámara y micrófono
precall-stop = Detener la prueba
precall-camera-label = Tu cámara
precall-camera-off = La cámara y el micrófono siguen apagados hasta que empieces la prueba.
precall-camera-starting = Abriendo la cámara…
speaker-test-play = Reproducir un sonido de prueba
speaker-test-playing = Reproduciendo…
speaker-test-again = Reproducir otra vez
speaker-test-question = ¿Lo has oído?
speaker-test-yes = Sí
speaker-test-no = No
speaker-test-heard = Bien: las llamadas sonarán ahí.
speaker-test-not-heard = Sube el volumen o elige otro altavoz y vuelve a reproducirlo.
speaker-test-output-failed = No se pudo elegir ese altavoz ({ $code }); el sonido salió por el predeterminado.
speaker-test-failed = Este navegador no pudo reproducir el sonido de prueba ({ $code }).
processing-title = Sonido del micrófono
processing-noise-suppression = Supresión de ruido
processing-echo-cancellation = Cancelación de eco
processing-auto-gain = Ganancia automática
processing-applying = Aplicando…
processing-kept-on = Este micrófono lo mantiene activado.
processing-kept-off = Este micrófono lo mantiene desactivado.
processing-failed = No se pudo cambiar el procesamiento de sonido del micrófono: puede que lo esté usando otra aplicación.

## People

people-online-title = Personas en línea
people-online-count = { $count ->
        [one] { $count } persona en línea
       *[other] { $count } personas en línea
    }
peer-list-empty-online = Todavía no hay nadie más aquí. Abre esta página en otro navegador o comparte su dirección para empezar una llamada.
peer-list-empty-offline = Estás sin conexión. La lista volverá en cuanto se pueda contactar con el servidor.
peer-in-a-call = En una llamada
peer-short-id = id { $id }
call-audio-person = Llamada de audio a { $name }
call-video-person = Videollamada a { $name }

## The incoming call

incoming-video-call = Videollamada
incoming-audio-call = Llamada de audio
incoming-calling-you = { " · " }te está llamando
incoming-video-from = Videollamada entrante de { $name }
incoming-audio-from = Llamada de audio entrante de { $name }
decline = Rechazar
accept = Aceptar

## The top bar

self-no-id-yet = aún sin id
link-connecting = Conectando…
link-online = En línea
link-offline-retrying = Sin conexión · reintento en { NUMBER($seconds) } s
link-reconnecting = Reconectando…
telephony-link = Telefonía
name-change-title = Cambiar tu nombre
name-change-label = Tu nombre: { $name }. Cambiarlo
name-field-label = Tu nombre
save = Guardar
theme-to-light = Cambiar al tema claro
theme-to-dark = Cambiar al tema oscuro

## La conexión de la llamada: indicador de calidad, detalles, reconexión.

quality-good = buena
quality-fair = regular
quality-poor = mala
quality-summary = Conexión: { $level }, { $rtt }
quality-summary-no-rtt = Conexión: { $level }
quality-measuring = Conexión: midiendo…
quality-details = Detalles de la conexión
quality-round-trip = Ida y vuelta
quality-loss = Pérdida de paquetes
quality-jitter = Jitter
quality-sending = Enviando
quality-receiving = Recibiendo
quality-graph-round-trip = Ida y vuelta, último minuto (máx. { $top })
quality-graph-receiving = Recepción, último minuto (máx. { $top })
quality-close = Cerrar los detalles de la conexión
quality-poor-announcement = Tu conexión es mala: la llamada puede entrecortarse.
reconnecting-to = Reconectando con { $name }…
reconnecting-detail = Se cortó la conexión. La llamada sigue sola en cuanto vuelva.
call-state-reconnecting = Reconectando…

## Chat

chat-title = Chat
chat-empty = Todavía no hay mensajes. Saluda a la sala.
chat-you = Tú
chat-to-private = para { $name } · privado
chat-private = privado
chat-send-to = Enviar a
chat-everyone = Todos
chat-placeholder = Escribe un mensaje
chat-message-label = Mensaje
chat-send = Enviar

## Call history

history-title = Llamadas recientes
history-clear = Borrar
history-empty = Aquí aparecerán las llamadas que hagas y recibas.
history-missed = Perdida
history-unknown-peer = Participante { $id }
history-outgoing = saliente
history-incoming = entrante
history-video = Vídeo
history-audio = Audio
history-call-again = Volver a llamar a { $name }
duration-spoken = { $hours ->
        [0] {""}
        [one] { $hours } hora{" "}
       *[other] { $hours } horas{" "}
    }{ $minutes ->
        [0] {""}
        [one] { $minutes } minuto{" "}
       *[other] { $minutes } minutos{" "}
    }{ $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    }

## The live audio stream

stream-status-idle = Transmisión en directo desactivada
stream-status-connecting = Transmisión en directo conectando
stream-status-active = Transmisión en directo activa
stream-status-reconnecting = Transmisión en directo reconectando
stream-status-failed = Transmisión en directo fallida
stream-attempt = { " " }(intento { NUMBER($attempt) } de { NUMBER($max) })
stream-frames-dropped = { $frames ->
        [one] 1 fragmento descartado ({ $seconds } s de audio)
       *[other] { $frames } fragmentos descartados ({ $seconds } s de audio)
    }
retry = Reintentar
stream-start = Iniciar transmisión
stream-stop = Detener transmisión
stream-settings-title = Transmisión de audio en directo
stream-sink-url = URL de destino (ws:// o wss://; vacía: desactivada)
stream-sink-invalid = No es una dirección ws:// o wss://.
stream-channels = Canales
stream-channels-two = Dos: tú (izquierda), la otra persona (derecha)
stream-channels-one = Uno: ambos mezclados
stream-settings-hint = El audio de cada llamada se envía a esta dirección como PCM a 16 kHz (se le añade el id de la llamada). Se aplica a partir de la próxima llamada.

## The side panel's tabs

tab-people = Personas
tab-recent = Recientes
tab-chat = Chat
tab-devices = Dispositivos
tabs-label = Personas, llamadas recientes, chat y dispositivos
