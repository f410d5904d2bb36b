export interface PersonView {
  id: string;
  name: string;
  sex: 'M' | 'F' | 'U';
  birthDate: string | null;
  idNumberMasked: string;
  phoneMasked: string | null;
  areaCode: string;
  gridCode: string | null;
  householdCode: string | null;
  address: string | null;
  tags: string[];
  controlStatus: string;
  vaccineDates: string[];
}
