"""The harvesters (one ``ckan.plugins`` entry point each), as ckanext-dcat lays them out."""
from ckanext.pekalongan_harvesters.harvesters.ckanharvester import PekalonganCkanHarvester
from ckanext.pekalongan_harvesters.harvesters.dcat_rdf import PekalonganDcatRdfHarvester
from ckanext.pekalongan_harvesters.harvesters.opd_workbook import OpdWorkbookHarvester

__all__ = ["OpdWorkbookHarvester", "PekalonganCkanHarvester", "PekalonganDcatRdfHarvester"]
