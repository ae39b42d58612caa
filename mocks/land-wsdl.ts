// The small WSDL served at GET /dat-dai/ws?wsdl: what a probe fetches to see that the land service is up.
// Operation elements are in no namespace, as in the contract's examples.

export function landWsdl(address: string): string {
  const operation = (name: string, fields: string[]) => `
      <xs:element name="${name}"><xs:complexType><xs:sequence>${fields.map((field) =>
        `<xs:element name="${field}" type="xs:string"/>`).join('')}</xs:sequence></xs:complexType></xs:element>
      <xs:element name="${name}Response"><xs:complexType><xs:sequence><xs:element ref="ThuaDat"/></xs:sequence></xs:complexType></xs:element>`;
  const messages = (name: string) => `
  <wsdl:message name="${name}Request"><wsdl:part name="parameters" element="${name}"/></wsdl:message>
  <wsdl:message name="${name}Response"><wsdl:part name="parameters" element="${name}Response"/></wsdl:message>`;
  const portOperation = (name: string) => `
    <wsdl:operation name="${name}"><wsdl:input message="tns:${name}Request"/><wsdl:output message="tns:${name}Response"/></wsdl:operation>`;
  const bindingOperation = (name: string) => `
    <wsdl:operation name="${name}"><soap:operation soapAction="${name}"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`;
  const operations = ['TraCuuThuaDat', 'TraCuuGiayChungNhan'];
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="DatDaiService" targetNamespace="urn:datdai:ws" xmlns:tns="urn:datdai:ws"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <wsdl:types>
    <xs:schema elementFormDefault="unqualified">${operation('TraCuuThuaDat', ['maXa', 'soTo', 'soThua'])}${operation('TraCuuGiayChungNhan', ['soPhatHanh'])}
      <xs:element name="ThuaDat"><xs:complexType><xs:sequence>
        <xs:element name="SoTo" type="xs:string"/><xs:element name="SoThua" type="xs:string"/>
        <xs:element name="MaXa" type="xs:string"/><xs:element name="DienTich" type="xs:decimal"/>
        <xs:element name="MucDichSuDung" type="xs:string"/><xs:element name="DiaChi" type="xs:string"/>
        <xs:element name="ChuSuDung" maxOccurs="unbounded"><xs:complexType><xs:sequence>
          <xs:element name="HoTen" type="xs:string"/><xs:element name="SoDinhDanh" type="xs:string"/>
        </xs:sequence></xs:complexType></xs:element>
        <xs:element name="GiayChungNhan" minOccurs="0"><xs:complexType><xs:sequence>
          <xs:element name="SoPhatHanh" type="xs:string"/><xs:element name="SoVaoSo" type="xs:string"/>
          <xs:element name="NgayCap" type="xs:date"/>
        </xs:sequence></xs:complexType></xs:element>
        <xs:element name="TinhTrangTheChap" type="xs:boolean"/><xs:element name="TranhChap" type="xs:boolean"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>${operations.map(messages).join('')}
  <wsdl:portType name="DatDaiPortType">${operations.map(portOperation).join('')}
  </wsdl:portType>
  <wsdl:binding name="DatDaiBinding" type="tns:DatDaiPortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>${operations.map(bindingOperation).join('')}
  </wsdl:binding>
  <wsdl:service name="DatDaiService">
    <wsdl:port name="DatDaiPort" binding="tns:DatDaiBinding"><soap:address location="${address}"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
