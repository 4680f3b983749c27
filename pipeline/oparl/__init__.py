"""OParl: import a council information system through its OParl 1.1 API, and export what
Ratsspur extracted as OParl-shaped JSON.

- :mod:`.client`: polite, retrying HTTP (httpx).
- :mod:`.objects`: reading objects as vendors really send them (quirks logged, never fatal).
- :mod:`.store`: what the API said, kept as sent (``oparl_objects``, ``oparl_files``).
- :mod:`.importer`: the sync: System → Body → lists, pagination, ``modified_since``, resuming.
- :mod:`.papers`: files through the Ratsspur pipeline; API and text side by side.
- :mod:`.export`: Ratsspur's database as OParl objects; :mod:`.datasette_plugin` serves them.
"""
