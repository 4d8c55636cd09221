"""Where models live: the local store (``store``: hub ids, folders, offline errors) and the
atomic CTranslate2 conversion (``convert``)."""
