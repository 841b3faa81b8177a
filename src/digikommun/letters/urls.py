# The resident's download of a letter is served by cases.resident_views (Mina sidor), which
# reads it through letters.selectors.letter_for_case and letter_pdf.
app_name = "letters"

urlpatterns: list = []
