from .urls_analysis import urlpatterns as analysis_patterns
from .urls_cycle import urlpatterns as cycle_patterns
from .urls_edit import urlpatterns as edit_patterns
from .urls_exports import urlpatterns as export_patterns
from .urls_funding import urlpatterns as funding_patterns
from .urls_glossary import urlpatterns as glossary_patterns
from .urls_imports import urlpatterns as import_patterns
from .urls_meetings import urlpatterns as meeting_patterns
from .urls_minutes import urlpatterns as minutes_patterns
from .urls_plain import urlpatterns as plain_patterns
from .urls_planning import urlpatterns as planning_patterns
from .urls_plans import urlpatterns as plan_patterns
from .urls_practice import urlpatterns as practice_patterns
from .urls_privacy import urlpatterns as privacy_patterns
from .urls_read import urlpatterns as read_patterns
from .urls_services import urlpatterns as service_patterns

app_name = "registry"
urlpatterns = read_patterns + edit_patterns + service_patterns + export_patterns + import_patterns + analysis_patterns
urlpatterns += plan_patterns + planning_patterns
urlpatterns += privacy_patterns
urlpatterns += funding_patterns
urlpatterns += plain_patterns
urlpatterns += glossary_patterns
urlpatterns += practice_patterns
urlpatterns += meeting_patterns
urlpatterns += cycle_patterns
urlpatterns += minutes_patterns
