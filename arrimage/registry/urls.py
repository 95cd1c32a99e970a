from .urls_edit import urlpatterns as edit_patterns
from .urls_exports import urlpatterns as export_patterns
from .urls_read import urlpatterns as read_patterns

app_name = "registry"
urlpatterns = read_patterns + edit_patterns + export_patterns
