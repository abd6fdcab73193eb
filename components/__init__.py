"""How each capability is built: cloud-neutral interfaces here, one implementation per cloud below."""
