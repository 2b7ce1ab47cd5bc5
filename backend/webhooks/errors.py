from backend.errors import Conflict, InvalidInput


class UnitOutsideClient(InvalidInput):
    code = "webhook_unit_outside_client"


class AlreadyDelivered(Conflict):
    code = "webhook_delivery_delivered"


class WebhookPaused(Conflict):
    code = "webhook_paused"


class UrlRefused(InvalidInput):
    code = "webhook_url_refused"
