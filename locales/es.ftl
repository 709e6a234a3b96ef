# Dialtone en español. Ids and arguments come from en.ftl; see src/i18n/mod.rs.
# Tratamiento: "tú", kept consistent throughout.

language-name = Español
# The label of the language picker.
language-label = Idioma

## Client errors, by stable code.

error-signaling-lost = Se perdió la conexión con el servidor de Dialtone. Reconectando.
error-signaling-lost-in-call = Se perdió la conexión con el servidor de Dialtone. Tu llamada continúa; reconectando.
error-audio-stream-failed = La transmisión de audio en directo no pudo llegar a su destino y dejó de intentarlo. La llamada sigue; vuelve a intentarlo cuando el destino esté disponible.
error-base-server = Este es un servidor de señalización básico: las llamadas y el chat de la sala funcionan, pero no puede mantener un mensaje en privado ni comparte nombres. Colgar, silenciar y la cámara van directamente a la otra persona en cuanto la llamada se conecta.
error-private-chat-unavailable = Este servidor no puede mantener un mensaje en privado: muestra cada mensaje a todos en la sala. Envíalo a todos o dilo en una llamada.
error-chat-offline = No se pueden enviar mensajes mientras la conexión con el servidor de Dialtone está caída. Lo que escribiste se queda aquí: envíalo cuando vuelva la conexión.
error-chat-too-long = Este mensaje es más largo de lo que admite un mensaje (2.000 caracteres). Lo que escribiste se queda aquí: acórtalo o envíalo por partes.
error-chat-recipient-left = La persona que elegiste ha salido de la sala, así que un mensaje privado no le llegará. Lo que escribiste se queda aquí: elige a quién enviarlo o espera a que vuelva.
error-screen-capture-failed = Este navegador no pudo capturar la pantalla, ventana o pestaña que elegiste. La llamada sigue; intenta compartir de nuevo.
error-recording-notice-undeliverable = No se inició la grabación: no se pudo avisar antes a la otra persona (su aplicación o este servidor no pueden transmitir el aviso).
error-webrtc-unavailable = Este navegador no puede hacer ni recibir llamadas: no admite WebRTC. El chat funciona; para llamar, abre esta página en una versión actual de Firefox, Chrome, Edge o Safari.
error-mic-lost = Tu micrófono dejó de funcionar y no se pudo abrir ningún otro. La otra persona no te oye: conecta uno o elige uno en Ajustes.
error-mic-reopened = Tu micrófono dejó de funcionar, así que la llamada volvió a abrir un micrófono. Si la otra persona no te oye, elige uno en Ajustes.
error-camera-lost = Tu cámara dejó de funcionar y no se pudo abrir ninguna otra. La otra persona no te ve: conecta una o elige una en Ajustes.
error-camera-reopened = Tu cámara dejó de funcionar, así que la llamada volvió a abrir una cámara. Si tu imagen no es la correcta, elige una en Ajustes.
error-room-full = Esta sala está llena, así que todavía no estás dentro. La página sigue intentándolo y entra en cuanto quede un sitio libre.

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
device-switch-failed = No se pudo cambiar al altavoz elegido ({ $code })
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
precall-level-label = Nivel del micrófono
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
peer-list-empty-room-full = Esta sala está llena, así que todavía no ves a nadie. Entrarás en cuanto quede un sitio libre.
peer-in-a-call = En una llamada
# The person this page's call is with (ringing out or talking), beside their name.
peer-with-you = Contigo
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
link-room-full-retrying = Sala llena · reintento en { NUMBER($seconds) } s
link-offline = Sin conexión
link-room-full = Sala llena
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
level-yours = Tu micrófono: con qué volumen te oye la otra persona
level-theirs = Con qué volumen se oye a { $name }
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
chat-recipient-left = { $name } (se fue)
chat-placeholder = Escribe un mensaje
chat-message-label = Mensaje
chat-send = Enviar
chat-length = { NUMBER($count) } / { NUMBER($max) }

## Call history

history-title = Llamadas recientes
history-clear = Borrar
# After Clear: how many calls it took, and the button that brings them back.
history-cleared = { $count ->
    [one] Se borró una llamada.
   *[other] Se borraron { $count } llamadas.
}
history-undo = Deshacer
history-empty = Aquí aparecerán las llamadas que hagas y recibas.
history-missed = Perdida
history-their-device = Falló el dispositivo de la otra persona
history-they-switched = Atendió otra llamada
peer-unnamed = Participante { $id }
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

# A link asked for the live audio stream; $host: where it would go.
stream-offer = Este enlace pide enviar el audio de tus llamadas (tu voz y la de la otra persona) a { $host }. No se envía nada si no lo permites.
stream-offer-allow = Permitir
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
tab-devices = Ajustes
tabs-label = Personas, llamadas recientes, chat y ajustes

## Telephony page (MediaSFU, for operators)

tel-title = Dialtone · Telefonía
# The header on a phone: the mark stands for the product name.
tel-title-short = Telefonía
tel-back = Volver a las llamadas
tel-edit-credentials = Editar credenciales
tel-live-calls = Llamadas en curso
tel-no-calls = No hay llamadas en curso.
tel-history-label = Historial de telefonía
tel-history = Historial
tel-history-clear = Borrar historial
tel-history-filter = Filtrar por número, sala o estado
tel-history-empty = Todavía no hay llamadas.
tel-col-direction = Dirección
tel-col-from = De
tel-col-to = A
tel-col-status = Estado
tel-col-duration = Duración
tel-dialer = Marcador
tel-number = Número (con prefijo del país)
tel-keypad = Teclado
tel-caller-id = Identificador de llamada
tel-no-caller-id = Sin identificador de llamada
tel-agent-capable = { " · " }agente
tel-room = Sala (vacía: el agente llama primero)
# The room field's example: MediaSFU room names start with s or p.
tel-room-example = p. ej. s1a2b3c4 (una sala de MediaSFU)
tel-your-name = Tu nombre
tel-room-time = Duración de la sala
tel-minutes = { NUMBER($minutes) } min
tel-call = Llamar
tel-to = a
tel-talk-time = Tiempo de conversación
tel-room-short = Sala
tel-caller-hears = La persona que llama oye
tel-speaking = Hablando
tel-playing = Reproduciendo
tel-playing-prompt = un mensaje
tel-playing-music = música
tel-hears-agent = al agente
tel-hears-person = { $name } (una persona)
tel-someone-in-room = alguien de la sala
tel-hears-nobody = a nadie (el agente está detenido)
tel-help-requested = El agente pide que una persona tome el relevo.
tel-call-controls = Controles de la llamada
tel-reject = Rechazar
tel-end = Finalizar llamada
tel-resume = Reanudar
tel-hold = Poner en espera
tel-to-human = A una persona
tel-to-agent = Al agente
tel-start-agent = Iniciar agente
tel-stop-agent = Detener agente
tel-play-to-all-on = Reproducir para todos: sí
tel-play-to-all-off = Reproducir para todos: no
tel-hold-options = Opciones de espera
tel-hold-message = Mensaje de espera
tel-hold-message-label = Mensaje de espera (opcional)
tel-pause-recording = { " " }Pausar la grabación en espera
tel-play-to-caller = Reproducir para quien llama
tel-play-source = Texto para leer o URL https://
tel-play-source-label = Texto para leer, o una URL https:// para reproducir
tel-play = Reproducir
tel-keypad-tones = Tonos del teclado
tel-call-more = Más
tel-settings-label = Ajustes de MediaSFU
tel-account = Cuenta de MediaSFU
tel-how = Cómo se conecta Dialtone con MediaSFU
tel-mode-long-lived = Directo, clave permanente
tel-mode-disposable = Directo, clave desechable
tel-mode-proxy = Proxy del servidor (la clave se queda en el servidor)
tel-username = Usuario de la API
tel-key = Clave de la API
tel-key-saved = guardada: { $masked }; escribe para sustituirla
tel-key-disposable-hint = tempsand… o tempprod…, 64 caracteres
tel-key-hint = 64 letras y cifras
tel-base-url = URL base
tel-remember = { " " }Recordar en este dispositivo
tel-remember-warning = Una clave permanente guardada en este navegador da pleno poder sobre la cuenta a cualquiera que lo use. Mejor usa una clave desechable o el proxy del servidor.
tel-test = Probar la conexión
tel-sign-out = Cerrar sesión
tel-direction-incoming = Entrante
tel-direction-outgoing = Saliente
tel-phase-dialing = Marcando
tel-phase-ringing = Sonando
tel-phase-connected = Conectada
tel-phase-on-hold = En espera
tel-phase-ended-completed = Finalizada (completada)
tel-phase-ended-declined = Finalizada (rechazada)
tel-phase-ended-busy = Finalizada (ocupado)
tel-phase-ended-cancelled = Finalizada (cancelada)
tel-phase-ended-failed = Finalizada (fallida)
tel-phase-not-followed = Sin seguimiento (sesión cerrada)
tel-estimated = { $duration } (estimada)
tel-play-to-all = Reproducir para todos
tel-progress-queued = { $control }: en cola; MediaSFU acepta una solicitud cada 5 s.
tel-progress-sent = { $control }: enviado, esperando a MediaSFU…
tel-progress-accepted = { $control }: aceptado; esperando a que la llamada lo muestre…
tel-rate-limited-now = MediaSFU nos estaba limitando; ya puedes volver a intentarlo.
tel-rate-limited-in = MediaSFU nos está limitando; puedes volver a intentarlo en { NUMBER($seconds) } s.
tel-poller-off = Sin sesión: guarda tus ajustes de MediaSFU para ver las llamadas.
tel-poller-idle = Esperando la primera actualización…
tel-poller-live = En directo: se actualiza cada { NUMBER($seconds) } s.
tel-poller-retrying = { $error } ({ $code }) Se vuelve a intentar.
tel-poller-rate-limited = Limitado, se reintenta en { NUMBER($seconds) } s
tel-poller-stale = Desactualizado desde las { $time } UTC: { $error } ({ $code })
tel-poller-stopped = En pausa ({ $code }): mira el aviso de arriba.
tel-placement-creating-room = Creando una sala para la llamada del agente a { $to }…
tel-placement-placing = Realizando la llamada a { $to } (sala { $room })…
tel-placement-waiting = MediaSFU nos está limitando; se reenvía en { NUMBER($seconds) } s…
tel-placement-finding = Enviada, pero la respuesta de MediaSFU no era clara; buscando la llamada en la sala { $room }…
tel-placement-dialing-long = Todavía marcando { $to }: puede que las llamadas salientes no estén activadas en esta cuenta.
tel-placement-dialing = Marcando { $to }…
tel-placement-ringing = Sonando { $to }…
tel-placement-connected = Conectada con { $to }.
tel-placement-on-hold = { $to } está en espera.
tel-placement-ended = La llamada a { $to } terminó: { $outcome }.
tel-placement-unknown = Llamada a { $to }: { $status }
tel-placement-failed = La llamada a { $to } no se realizó. { $reason }
tel-outcome-completed = completada
tel-outcome-declined = rechazada
tel-outcome-busy = ocupado
tel-outcome-cancelled = cancelada
tel-outcome-failed = fallida
tel-caller-ids-not-signed-in = Guarda tus ajustes de MediaSFU para cargar los identificadores de llamada.
tel-caller-ids-loading = Cargando identificadores de llamada…
tel-caller-ids-none-eligible = Ninguna configuración SIP de esta cuenta permite llamadas salientes.
tel-caller-ids-retrying = Identificadores no cargados ({ $code }); se reintenta en { NUMBER($seconds) } s.
tel-caller-ids-see-banner = Identificadores no cargados ({ $code }): mira el aviso de arriba.
tel-caller-ids-save-to-retry = Identificadores no cargados ({ $code }); pulsa Guardar para reintentar.

## Telephony notices (matched by their English sentence)

tel-signed-out = Sesión cerrada: no queda nada guardado en este navegador.
tel-checking = Comprobando con MediaSFU…

tel-settings-connected = Conectado: { $configs ->
        [one] { $configs } configuración SIP
       *[other] { $configs } configuraciones SIP
    }, { $usable ->
        [one] { $usable } utilizable
       *[other] { $usable } utilizables
    } para llamadas salientes.
tel-settings-see-banner = Sin conexión: mira el aviso de arriba.
tel-settings-not-connected = Sin conexión. { $error }
tel-username-missing = Introduce tu usuario de la API de MediaSFU.
tel-username-invalid = El usuario de la API solo lleva letras y cifras, al menos 6.
tel-key-missing = Introduce tu clave de la API de MediaSFU.
tel-key-invalid = La clave de la API tiene exactamente 64 letras y cifras.
tel-key-not-disposable = Una clave desechable empieza por tempsand o tempprod y tiene 64 letras y cifras en total.
tel-base-url-invalid = La URL base debe empezar por https:// (http:// solo para localhost) y no terminar en barra.

## Call states (the core's labels, matched by their English)

call-state-starting-both = Iniciando la cámara y el micrófono…
call-state-starting-mic = Iniciando el micrófono…
call-state-ringing = Sonando…
call-state-incoming = Llamada entrante
call-state-connecting = Conectando…
call-state-connected = Conectada
call-state-ended = Llamada finalizada

## The ended call's summary

summary-hung-up-named = { $name } colgó.
summary-hung-up-they = La otra persona colgó.
summary-you-ended = Has finalizado la llamada.
summary-declined-named = { $name } rechazó la llamada.
summary-declined-they = La otra persona rechazó la llamada.
summary-no-answer-named = { $name } no contestó.
summary-no-answer-they = La otra persona no contestó.
summary-busy-named = { $name } está en otra llamada.
summary-busy-they = La otra persona está en otra llamada.
summary-unavailable-named = { $name } ya no está en línea.
summary-unavailable-they = La otra persona ya no está en línea.
summary-no-webrtc-named = El navegador de { $name } no puede recibir llamadas.
summary-no-webrtc-they = Su navegador no puede recibir llamadas.
summary-their-media-named = El micrófono o la cámara de { $name } no pudo iniciarse, así que la llamada terminó.
summary-their-media-they = El micrófono o la cámara de la otra persona no pudo iniciarse, así que la llamada terminó.
summary-switched-named = { $name } terminó esta llamada para atender otra.
summary-switched-they = La otra persona terminó esta llamada para atender otra.
summary-their-bad-sdp-named = El navegador de { $name } no pudo usar la descripción de esta llamada, así que la llamada terminó.
summary-their-bad-sdp-they = El navegador de la otra persona no pudo usar la descripción de esta llamada, así que la llamada terminó.
summary-their-protocol-named = La aplicación de { $name } no pudo seguir los mensajes de esta llamada, así que la llamada terminó.
summary-their-protocol-they = La aplicación de la otra persona no pudo seguir los mensajes de esta llamada, así que la llamada terminó.
summary-lasted = Duró { $duration }
summary-download-recording = Descargar la grabación ({ $megabytes } MB)
recording-ready = La grabación de tu llamada está lista.
recording-discard = Descartar
silent-ringing = Tu navegador mantiene esta página en silencio hasta que hagas clic, toques o pulses una tecla en ella, así que una llamada entrante no se oiría.
silent-ringing-allow = Activar el sonido
summary-call-again = Volver a llamar
summary-done = Listo

## The call stage

stage-ready = Listo para llamadas
stage-idle-hint = Elige a alguien de la lista para empezar una llamada de audio o de vídeo. Las llamadas entrantes suenan aquí.
stage-offline = Sin conexión con el servidor
stage-offline-hint = Podrás hacer y recibir llamadas en cuanto vuelva la conexión. Esta página se reconecta sola.
stage-room-full = Esta sala está llena
stage-room-full-hint = Podrás hacer y recibir llamadas cuando estés en la sala. Esta página sigue intentándolo y entra en cuanto quede un sitio libre.
stage-you-muted = Tienes el micrófono silenciado.
stage-both-muted = Tienes el micrófono silenciado. { $name } tiene el micrófono silenciado.
stage-muted-their-mic-lost = Tienes el micrófono silenciado. El micrófono de { $name } dejó de funcionar.
stage-they-muted = { $name } tiene el micrófono silenciado.
stage-their-mic-lost = El micrófono de { $name } dejó de funcionar.
stage-camera-off = La cámara de { $name } está apagada
stage-call-ended = Llamada finalizada
stage-video-call = Videollamada
stage-audio-call = Llamada de audio
stage-recording-both = Los dos estáis grabando
stage-recording = Grabando
stage-they-record = { $name } está grabando esta llamada
stage-muted-hint = Tienes el micrófono silenciado. Actívalo para que te oigan.
stage-muted-key = Pulsa m para activarlo.
stage-hang-up = Colgar
stage-cancel = Cancelar
stage-hang-up-title = Colgar (h)
stage-stop-recording = Detener la grabación
stage-record = Grabar esta llamada (se avisa a la otra persona)
stage-camera-button = Cámara apagada
stage-camera-turn-off = Apagar la cámara
stage-camera-turn-on = Encender la cámara
stage-share-screen = Compartir pantalla
stage-stop-sharing = Dejar de compartir
stage-mute = Silenciar
stage-unmute = Activar el micrófono
stage-with-key = { $action } ({ $key })
drawer-title = Personas y chat
drawer-close = Cerrar personas y chat
drawer-close-title = Cerrar (Esc)
drawer-call-with = Llamada con { $name }
drawer-back-to-call = , volver a la llamada
drawer-button-title = Personas y chat (c)
drawer-unread = { $count ->
        [one] { " " }mensaje nuevo en el chat
       *[other] { " " }mensajes nuevos en el chat
    }
stage-fullscreen = Pantalla completa (f)
stage-leave-fullscreen = Salir de pantalla completa (f)
stage-pip = Imagen en imagen (p)
stage-leave-pip = Salir de imagen en imagen (p)

## The call stage, view tools

stage-fullscreen-name = Pantalla completa
stage-pip-name = Imagen en imagen

## The call stage, own preview, waiting call and view tools

preview-label = Vista previa de tu cámara
preview-moved = Tu vista previa está ahora en la esquina { $corner }.
preview-hint = En la esquina { $corner }. Arrástrala o usa las flechas para llevarla a otra esquina.
corner-top-left = superior izquierda
corner-top-right = superior derecha
corner-bottom-left = inferior izquierda
corner-bottom-right = inferior derecha
waiting-calling = { " " }te está llamando ({ $kind ->
        [video] vídeo
       *[audio] audio
    })
waiting-switch = Colgar y contestar
view-tools = Vista
layout-side-by-side = Lado a lado
layout-side-by-side-title = Lado a lado (l)
layout-focus-title = Su vídeo en grande (l)
error-fullscreen-refused = Este navegador no permitió poner la llamada en pantalla completa. La llamada sigue en la ventana.
error-pip-refused = Este navegador no abrió su vídeo en imagen en imagen. La llamada sigue aquí.

## Keyboard shortcuts (the `?` list)

shortcuts-title = Atajos de teclado
shortcuts-open = Atajos de teclado
shortcuts-open-title = Atajos de teclado (?)
shortcuts-link = Atajos de teclado (?)
shortcuts-mute = Silenciar o activar el micrófono
shortcuts-camera = Apagar o encender la cámara
shortcuts-screen = Compartir pantalla o dejar de compartir
shortcuts-hang-up = Colgar, cancelar o rechazar
shortcuts-drawer = Personas y chat, durante una llamada
shortcuts-fullscreen = Pantalla completa sí o no
shortcuts-pip = Imagen en imagen sí o no
shortcuts-layout = Diseño: su vídeo grande o lado a lado
shortcuts-help = Esta lista
shortcuts-escape = Cerrar esta lista o el panel
shortcuts-note = Las teclas sueltas funcionan en toda la página, salvo mientras escribes en un campo.
shortcuts-close = Cerrar
# The name on your own tile when the videos are side by side.
tile-you = Tú

## Notices the controller and the widget write in English (matched by their sentence)

notice-camera-busy = No se pudo cambiar a esa cámara: puede que otra aplicación la esté usando.
notice-microphone-busy = No se pudo cambiar a ese micrófono: puede que otra aplicación lo esté usando.
notice-embed-not-allowed = Este sitio no tiene permiso para controlar Dialtone.
notice-embed-config-unavailable = El servidor de Dialtone no respondió, así que este sitio aún no puede controlar el widget de llamadas. Recarga la página para intentarlo de nuevo.
server-refused = El servidor rechazó un mensaje: { $detail }

## The "More" menu, links to share, and the "Stream call audio" dialog.

menu-more = Más
menu-share-heading = Compartir
menu-copy-room-link = Copiar el enlace de esta sala
menu-copy-call-me-link = Copiar un enlace para llamarme
menu-calls-heading = Llamadas entrantes
menu-notify-ask = Avisarme de las llamadas entrantes
menu-notify-on = Avisos activados: una llamada que quizá no oyes (pestaña oculta, página en silencio) te dice quién llama
menu-notify-blocked = Los avisos están bloqueados para este sitio (ajustes del navegador)
menu-operators-heading = Para operadores
menu-stream-audio = Transmitir el audio de las llamadas…
menu-telephony = Telefonía (MediaSFU)
copy-what-room = Enlace de esta sala
copy-what-call-me = Enlace para llamarte
copy-what-call-person = Enlace para llamar a { $name }
copy-done = { $what }: copiado
copy-fallback-label = { $what }: cópialo desde aquí
copy-fallback-hint = El navegador no permitió copiar. Selecciona el enlace y cópialo (Ctrl+C, o Copiar en el móvil).
copy-close = Cerrar
copy-call-link-label = Copiar enlace para llamar a { $name }
copy-call-link-short = Copiar enlace
peer-cannot-take-calls = No puede recibir llamadas en este navegador
call-link-region = Llamada desde un enlace
call-link-waiting-lead = Esperando a { $name }.
call-link-waiting-rest = Abriste un enlace para llamar a { $name }. Aquí aparecerá un botón de llamada en cuanto esté en línea en esta sala.
call-link-cannot-lead = { $name } está aquí.
call-link-cannot-rest = Su navegador no puede recibir llamadas; envíale un mensaje de chat.
call-link-ready-lead = { $name } está en línea.
call-link-ready-busy = Ahora está en otra llamada; tu llamada esperará.
call-link-ready-idle = Llama cuando quieras.
call-link-call = Llamar a { $name }
call-link-video = Vídeo
stream-dialog-title = Transmitir el audio de las llamadas
stream-dialog-hint = Para operadores: envía el audio de cada llamada, en directo, a un receptor WebSocket propio (para grabar o transcribir). Deja la dirección vacía para no usarlo.

## A call ringing in a hidden tab

tab-title-calling = 📞 { $name } te está llamando — Dialtone
tab-title-incoming-video = 📞 Videollamada entrante — Dialtone
tab-title-incoming-audio = 📞 Llamada de audio entrante — Dialtone
notification-body = Abre Dialtone para contestar o rechazar la llamada.

## Host mode's page

host-connecting = Conectando
host-microphone = Micrófono
host-end-call = Finalizar llamada
host-close-tab = Ya puedes cerrar esta pestaña.
host-events = Eventos

## The call stage, screen sharing

stage-sharing-screen = Estás compartiendo tu pantalla
