from django import forms

from fazhi.core.models import Person, Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "uscc", "address", "phone"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "mobile", "email"]
