from django import forms


class UrgeForm(forms.Form):
    unit = forms.IntegerField(min_value=1)
    report = forms.IntegerField(min_value=1, required=False)
    next = forms.CharField(required=False, max_length=500)
